/** Which first layer the network has: free 7×7 weights, or Gabor filters with learned θ, σ, λ, ψ, γ. */
export type FirstLayer = 'free' | 'gabor';

export interface TrainSettings {
  variant: FirstLayer;
  /** Optimiser steps (mini-batches) to train for. */
  steps: number;
  batchSize: number;
  /** Adam's learning rate. */
  lr: number;
  seed: number;
  /** Filters in the first layer. */
  filters: number;
  /**
   * How the free first layer starts: `'he'` (the library default, U(±√(6/fanIn))) or
   * `'small'` (N(0, 0.01²), so what the filters become is what the data made of them).
   */
  firstInit: 'he' | 'small';
  /** Held-out digits scored for accuracy and the confusion matrix. */
  testSize: number;
  /** Score the held-out digits every this many steps (and at the end). */
  evalEvery: number;
}

export type TrainRequest =
  | { type: 'start'; id: number; settings: TrainSettings }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /**
   * Class probabilities for one 28×28 image with ink in [0, 1]; the worker normalises it
   * like the training digits.
   */
  | { type: 'predict'; id: number; pixels: Float32Array }
  /** Fit a Gabor to every first-layer filter now. */
  | { type: 'measure'; id: number };

export interface ProgressReply {
  type: 'progress';
  id: number;
  step: number;
  totalSteps: number;
  /** New points since the last message: [step, batch loss] and [step, batch accuracy]. */
  losses: Array<[number, number]>;
  accuracies: Array<[number, number]>;
  /** First-layer filters, row-major [filters, k, k]. */
  filters: number[];
  kernelSize: number;
  stepsPerSecond: number;
}

export interface EvalReply {
  type: 'eval';
  id: number;
  step: number;
  accuracy: number;
  loss: number;
  /** Counts, row = true digit, column = predicted, 10 × 10 row-major. */
  confusion: number[];
}

/** Gabor fits of the first-layer filters at one moment of training. */
export interface LikenessReply {
  type: 'likeness';
  id: number;
  step: number;
  threshold: number;
  fraction: number;
  r2: number[];
  /** Each filter's fitted Gabor, row-major k × k. */
  fitted: number[][];
  /** The filters that were fitted, row-major [filters, k, k]. */
  filters: number[];
  kernelSize: number;
}

export type TrainReply =
  | { type: 'status'; id: number; text: string }
  | {
      type: 'ready';
      id: number;
      trainSize: number;
      testSize: number;
      parameters: number;
      firstLayerParameters: number;
      /** The kernels running float32 products in this worker: WebAssembly SIMD or plain JS. */
      backend: 'wasm' | 'js';
    }
  | ProgressReply
  | EvalReply
  | LikenessReply
  | { type: 'prediction'; id: number; probabilities: number[] | null }
  | { type: 'done'; id: number; stopped: boolean; steps: number; seconds: number }
  | { type: 'error'; id: number; message: string };

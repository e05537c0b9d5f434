import type { StackConfig } from './stack';

/** Page → worker: compute the statistics of one configuration. */
export interface StackRequest {
  id: number;
  config: StackConfig;
}

export interface HistogramSummary {
  counts: number[];
  min: number;
  max: number;
}

/** Per-layer numbers the page draws (the raw values stay in the worker). */
export interface LayerSummary {
  name: string;
  weightShape: number[];
  fanIn: number;
  fanOut: number;
  gain: number;
  preservingStd: number;
  weightStd: number;
  activationMean: number;
  activationStd: number;
  gradientMean: number;
  gradientStd: number;
  weightGradStd: number;
  activationHistogram: HistogramSummary;
  gradientHistogram: HistogramSummary;
}

/** Worker → page. */
export type StackResponse =
  | { type: 'progress'; id: number; message: string }
  | { type: 'result'; id: number; layers: LayerSummary[]; loss: number; images: number; ms: number }
  | { type: 'error'; id: number; message: string };

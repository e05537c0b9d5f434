import type {
  ExperimentImageKind,
  GaborScalars,
  JointRecipe,
  MatchingLoss,
  OptimizerChoice,
} from '@convkit/gabor';

/** Settings of one θ-recovery run: everything the page's controls choose. */
export interface ThetaRunSettings {
  image: ExperimentImageKind;
  loss: MatchingLoss;
  optimizer: OptimizerChoice;
  lr: number;
  /** Momentum coefficient when `optimizer` is 'momentum'. */
  momentum: number;
  schedule: 'constant' | 'cosine';
  steps: number;
  theta0: number;
  /** Pause between steps so the trajectory can be watched; 0 runs flat out. */
  delayMs: number;
}

/** Settings of one five-parameter recovery run. */
export interface JointRunSettings {
  image: ExperimentImageKind;
  recipe: JointRecipe;
  /** Seed of the random target Gabor (`randomGabor`). */
  targetSeed: number;
  lr: number;
  /** Steps of the single run, or of the refinement after the bank. */
  steps: number;
  /** Steps per bank start (recipe only). */
  bankSteps: number;
  delayMs: number;
}

export type GaborRequest =
  | { type: 'landscape'; id: number; image: ExperimentImageKind }
  | { type: 'theta'; id: number; settings: ThetaRunSettings }
  | { type: 'joint'; id: number; settings: JointRunSettings }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

/** L(θ) for MSE on one image, with the numbers the explanation quotes. */
export interface LandscapeReply {
  type: 'landscape';
  id: number;
  image: ExperimentImageKind;
  thetas: number[];
  /** MSE at each θ; RMSE is its square root. */
  losses: number[];
  /** h = L″(θ*) of the MSE. */
  curvature: number;
  period: number;
  basin: [number, number];
  minima: number[];
  orthogonalLossRatio: number;
}

export interface ThetaProgressReply {
  type: 'theta-progress';
  id: number;
  /** Index of the first new point; the page appends. */
  start: number;
  thetas: number[];
  losses: number[];
  lr: number;
}

export interface ThetaDoneReply {
  type: 'theta-done';
  id: number;
  stopped: boolean;
  steps: number;
  /** Final θ wrapped to its period around θ*. */
  finalTheta: number;
  /** |θ − θ*| modulo the period. */
  error: number;
}

export interface JointProgressReply {
  type: 'joint-progress';
  id: number;
  phase: 'single' | 'bank' | 'refine';
  step: number;
  totalSteps: number;
  /** The current kernel, row-major k × k. */
  kernel: number[];
  params: GaborScalars;
  relativeLoss: number;
  /** Best relative loss so far (bank phase) or the current one. */
  bestRelativeLoss: number;
}

export interface JointDoneReply {
  type: 'joint-done';
  id: number;
  stopped: boolean;
  params: GaborScalars;
  relativeLoss: number;
  steps: number;
}

export interface JointTargetReply {
  type: 'joint-target';
  id: number;
  target: GaborScalars;
  kernel: number[];
  size: number;
}

export type GaborReply =
  | LandscapeReply
  | ThetaProgressReply
  | ThetaDoneReply
  | JointTargetReply
  | JointProgressReply
  | JointDoneReply
  | { type: 'error'; id: number; message: string };

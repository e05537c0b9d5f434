import type { MatchingLoss, OptimizerChoice } from '@convkit/gabor';

/** A named setting of the θ experiment and what it shows. */
export interface ThetaPreset {
  id: string;
  label: string;
  loss: MatchingLoss;
  optimizer: OptimizerChoice;
  /** A fixed learning rate, or `lrTimesH / h` with h = L″(θ*) of the current image. */
  lr?: number;
  lrTimesH?: number;
  schedule: 'constant' | 'cosine';
  steps: number;
  /** What to look for, in a sentence. */
  shows: string;
}

// The rows of docs/gabor.md's "why it cycles" table, and the recipe that converges.
export const THETA_PRESETS: readonly ThetaPreset[] = [
  {
    id: 'question',
    label: 'The question: RMSE, SGD, lr 0.02',
    loss: 'rmse',
    optimizer: 'sgd',
    lr: 0.02,
    schedule: 'constant',
    steps: 400,
    shows: 'θ heads for θ* and then hops from one side of the valley to the other, forever.',
  },
  {
    id: 'momentum',
    label: 'RMSE, SGD + momentum 0.9, lr 0.002',
    loss: 'rmse',
    optimizer: 'momentum',
    lr: 0.002,
    schedule: 'constant',
    steps: 400,
    shows: 'Momentum smooths the path but the hops across θ* never die out.',
  },
  {
    id: 'overshoot',
    label: 'MSE, SGD, step 2.5/h (too big)',
    loss: 'mse',
    optimizer: 'sgd',
    lrTimesH: 2.5,
    schedule: 'constant',
    steps: 400,
    shows: 'Each step overshoots θ* by more than it started: the step is above 2/h.',
  },
  {
    id: 'momentum-overshoot',
    label: 'MSE, momentum 0.9, step 4/h (past 2(1+μ)/h)',
    loss: 'mse',
    optimizer: 'momentum',
    lrTimesH: 4,
    schedule: 'constant',
    steps: 400,
    shows: 'Past its own limit, momentum amplifies the swing: θ flies off over many periods.',
  },
  {
    id: 'rmse-cosine',
    label: 'RMSE, SGD, lr 0.02 decayed to 0 (cosine)',
    loss: 'rmse',
    optimizer: 'sgd',
    lr: 0.02,
    schedule: 'cosine',
    steps: 400,
    shows: 'The same hops as the question, shrinking as the step decays.',
  },
  {
    id: 'small-step',
    label: 'MSE, SGD, step 1.5/h (below 2/h)',
    loss: 'mse',
    optimizer: 'sgd',
    lrTimesH: 1.5,
    schedule: 'constant',
    steps: 400,
    shows: 'Below 2/h each step shrinks the distance to θ*: a slow start, then convergence.',
  },
  {
    id: 'converge',
    label: 'The fix: MSE, Adam, lr 0.05',
    loss: 'mse',
    optimizer: 'adam',
    lr: 0.05,
    schedule: 'constant',
    steps: 300,
    shows: 'Converges to θ* to about 1e-9.',
  },
];

export function presetById(id: string | null): ThetaPreset | undefined {
  return THETA_PRESETS.find((p) => p.id === id);
}

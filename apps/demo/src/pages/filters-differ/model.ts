import { constant, filterDiversity, glorotNormal, heNormal } from '@convkit/init';
import {
  Conv2d,
  crossEntropy,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
} from '@convkit/layers';
import { SGD } from '@convkit/optim';
import { createRng, type Rng, type Tensor } from '@convkit/tensor';

export const FILTERS = 8;
export const KERNEL = 5;
/** Value every weight of the constant-init network starts at. */
export const CONSTANT_CONV = 0.05;
export const CONSTANT_HEAD = 0.01;

/** How the left-hand network's head starts: constant keeps perfect symmetry. */
export type LeftHead = 'constant' | 'random';

export interface TrainSettings {
  lr: number;
  batchSize: number;
  seed: number;
  leftHead: LeftHead;
}

/** One side of the comparison: a conv layer of 8 filters and a linear head, with its optimiser. */
export interface Side {
  model: Sequential;
  conv: Conv2d;
  optimizer: SGD;
}

/** conv 5×5 (1 → 8) → ReLU → max-pool 4 → flatten → linear (8·6·6 → 10). */
function buildSide(
  convInit: 'constant' | 'random',
  headInit: 'constant' | 'random',
  rng: Rng,
  lr: number,
): Side {
  const conv = new Conv2d(1, FILTERS, KERNEL, {
    weightInit: convInit === 'constant' ? constant(CONSTANT_CONV) : heNormal(),
    rng,
  });
  const head = new Linear(FILTERS * 6 * 6, 10, {
    weightInit: headInit === 'constant' ? constant(CONSTANT_HEAD) : glorotNormal(),
    rng,
  });
  const model = new Sequential(conv, new ReLU(), new MaxPool2d(4), new Flatten(), head);
  const optimizer = new SGD(model.parameters(), { lr, momentum: 0.9 });
  return { model, conv, optimizer };
}

/** The two networks: constant-init filters (left) and random-init filters (right). */
export function buildPair(settings: TrainSettings): { constant: Side; random: Side } {
  const rng = createRng(settings.seed);
  return {
    constant: buildSide('constant', settings.leftHead, rng, settings.lr),
    random: buildSide('random', 'random', rng, settings.lr),
  };
}

/** One SGD step on a batch; returns the batch loss. */
export function trainStep(side: Side, images: Tensor, labels: Tensor): number {
  side.optimizer.zeroGrad();
  const loss = crossEntropy(side.model.call(images), labels);
  loss.backward();
  side.optimizer.step();
  return loss.item();
}

export interface FilterSnapshot {
  /** The 8 filters, [8·5·5] row-major (filter, row, column). */
  filters: Float32Array;
  /** 8×8 cosine similarities, row-major. */
  similarity: Float32Array;
  /** Mean cosine over the 28 distinct pairs. */
  meanCosine: number;
  /** Smallest pairwise cosine: 1 means all filters identical. */
  minCosine: number;
}

/** Copies a side's filters and their pairwise cosine similarities (filterDiversity). */
export function snapshot(side: Side): FilterSnapshot {
  const weight = side.conv.weight.detach();
  const diversity = filterDiversity(weight);
  return {
    filters: Float32Array.from(weight.data),
    similarity: Float32Array.from(diversity.matrix.flat()),
    meanCosine: diversity.meanCosine,
    minCosine: diversity.minCosine,
  };
}

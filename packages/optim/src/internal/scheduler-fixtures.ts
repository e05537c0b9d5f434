import { tensor } from '@convkit/tensor';
import { Adagrad } from '../adagrad';
import { Adam } from '../adam';
import { SGD } from '../sgd';

/** Test helper: an SGD (or Adam/Adagrad) over one small float64 parameter per lr, one group per lr. */
export function optimizerWithLrs(lrs: number[], kind?: 'sgd'): SGD;
export function optimizerWithLrs(lrs: number[], kind: 'adam'): Adam;
export function optimizerWithLrs(lrs: number[], kind: 'adagrad'): Adagrad;
export function optimizerWithLrs(
  lrs: number[],
  kind: 'sgd' | 'adam' | 'adagrad' = 'sgd',
): SGD | Adam | Adagrad {
  const groups = lrs.map((lr) => ({
    params: [tensor([0], { dtype: 'float64', requiresGrad: true })],
    lr,
  }));
  if (kind === 'adam') return new Adam(groups);
  if (kind === 'adagrad') return new Adagrad(groups);
  return new SGD(groups, { momentum: 0.9 });
}

/** Steps `scheduler` `n` times and returns the lr of group `g` after construction and after each step. */
export function lrSequence(
  scheduler: { step(): void; getLastLr(): number[] },
  n: number,
  g = 0,
): number[] {
  const out = [scheduler.getLastLr()[g]];
  for (let i = 0; i < n; i++) {
    scheduler.step();
    out.push(scheduler.getLastLr()[g]);
  }
  return out;
}

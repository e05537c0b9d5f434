import { defaultRng, defineOp, type Rng, Tensor } from '@convkit/tensor';
import { allocate, expectFloat, numberIn } from '../internal/layer-args';

export interface DropoutOptions {
  /** Probability of zeroing each element (default 0.5). */
  p?: number;
  /** Identity when false (evaluation). Default true, as PyTorch's `F.dropout`. */
  training?: boolean;
  /** Seeded generator for the mask; `defaultRng()` otherwise. */
  rng?: Rng;
}

const dropoutOp = defineOp({
  name: 'dropout',
  forward(x: Tensor, p: number, rng: Rng) {
    // Inverted dropout: survivors are scaled by 1/(1 − p) during training, so evaluation needs
    // no rescaling and the expected activation is the same in both modes.
    const scale = p === 1 ? 0 : 1 / (1 - p);
    const mask = allocate(x.dtype, x.size);
    const out = allocate(x.dtype, x.size);
    const src = x.data;
    for (let i = 0; i < src.length; i++) {
      const keep = rng.random() >= p ? scale : 0;
      mask[i] = keep;
      out[i] = src[i] * keep;
    }
    return { out: new Tensor(out, x.shape), saved: { mask } };
  },
  backward(dOut, { mask }) {
    const dx = allocate(dOut.dtype, dOut.size);
    const g = dOut.data;
    for (let i = 0; i < g.length; i++) dx[i] = g[i] * mask[i];
    return [new Tensor(dx, dOut.shape)];
  },
});

/**
 * Dropout (Srivastava et al. 2014): zeroes each element with probability p and scales the
 * rest by 1/(1 − p) (inverted dropout); the identity when `training` is false or p = 0. Any
 * shape. The mask comes from `rng`, so the same seed drops the same elements. One fused op.
 * @example
 * dropout(x, { p: 0.2, training: true, rng: createRng(7) });
 */
export function dropout(x: Tensor, options: DropoutOptions = {}): Tensor {
  expectFloat(x, 'dropout', 'x');
  const p = numberIn(options.p ?? 0.5, 0, 1, 'dropout', 'p');
  const training = options.training ?? true;
  if (!training || p === 0) return x;
  return dropoutOp(x, p, options.rng ?? defaultRng());
}

import { createRng, type Rng } from '@convkit/tensor';

// murmur3's 32-bit finaliser: every input bit flips about half of the output bits.
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A generator for one stream of a seeded process, e.g. `(seed, epoch)` for an epoch's
 * shuffle or `(seed, epoch, batch, 1)` for a batch's augmentation. Streams depend only on
 * their keys, so any epoch or batch can be replayed without replaying the ones before it
 * (what makes resuming from a checkpoint exact).
 */
export function streamRng(seed: number, ...keys: number[]): Rng {
  let h = mix32(seed ^ 0x9e3779b9) ^ mix32(Math.floor(seed / 2 ** 32) + 0x7f4a7c15);
  for (const key of keys) h = mix32(h ^ mix32(key + 0x632be5ab));
  return createRng(h);
}

/** Fisher–Yates shuffle of `values` in place with `rng`; returns `values`. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(
  values: T,
  rng: Rng,
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
  return values;
}

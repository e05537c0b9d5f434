import { portableLog, sinCosTurns } from './internal/portable-math';

/**
 * A seeded pseudo-random generator (xoshiro128**, 32-bit integer arithmetic only; normal
 * draws use log/sin/cos built from IEEE-exact arithmetic, not the engine's Math), so the
 * same seed gives the same bits in Node and in every browser.
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.reseed(seed, 'createRng');
  }

  /** Restarts the stream from `seed`. */
  reseed(seed: number, op = 'Rng.reseed'): void {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) {
      throw new TypeError(`${op}: seed must be a finite number, got ${describeSeed(seed)}`);
    }
    // splitmix32 expands one seed into four well-mixed state words.
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spareNormal = null;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float64 in [0, 1) with 53 random bits. */
  random(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform float64 in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** A standard normal draw (Box–Muller, both values used). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    // Math.sqrt is correctly rounded everywhere; log/sin/cos are not, hence the portable ones.
    const radius = Math.sqrt(-2 * portableLog(u));
    sinCosTurns(v, sinCos);
    this.spareNormal = radius * sinCos[0];
    return mean + std * radius * sinCos[1];
  }

  /** A uniform integer in [low, high), without modulo bias. */
  int(low: number, high: number): number {
    const span = high - low;
    if (!Number.isInteger(low) || !Number.isInteger(high) || span <= 0 || span > 2 ** 32) {
      throw new RangeError(
        `Rng.int: need integers low < high with high - low ≤ 2^32, got [${low}, ${high})`,
      );
    }
    const limit = 2 ** 32 - (2 ** 32 % span);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return low + (x % span);
  }

  /** A new generator seeded from this one: independent streams for independent consumers. */
  fork(): Rng {
    return new Rng(this.nextUint32() * 2 ** 21 + (this.nextUint32() >>> 11));
  }

  /** The generator's full state, for checkpoints. */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spareNormal ?? Number.NaN];
  }

  setState(state: readonly number[]): void {
    if (!Array.isArray(state) || state.length !== 5 || !state.every((s) => typeof s === 'number')) {
      throw new RangeError(
        `Rng.setState: state must be the 5 numbers getState() returned, got ${String(state)}`,
      );
    }
    if (state.slice(0, 4).every((s) => s >>> 0 === 0)) {
      throw new RangeError('Rng.setState: the first 4 state words must not all be 0');
    }
    [this.s0, this.s1, this.s2, this.s3] = state.map((s) => s >>> 0);
    this.spareNormal = Number.isNaN(state[4]) ? null : state[4];
  }
}

const sinCos = new Float64Array(2);

function describeSeed(seed: unknown): string {
  return typeof seed === 'string' ? `'${seed}'` : String(seed);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Creates a seeded generator: same seed, same sequence, everywhere. */
export function createRng(seed: number): Rng {
  return new Rng(seed);
}

const globalRng = new Rng(0);

/** The generator used when a function is given none. Reset it with `manualSeed`. */
export function defaultRng(): Rng {
  return globalRng;
}

/** Resets the default generator to `seed` (PyTorch's `torch.manual_seed`). */
export function manualSeed(seed: number): void {
  globalRng.reseed(seed, 'manualSeed');
}

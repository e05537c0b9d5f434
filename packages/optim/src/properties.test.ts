import { type Tensor, tensor } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Adadelta } from './adadelta';
import { Adagrad } from './adagrad';
import { Adam } from './adam';
import { Adamax } from './adamax';
import { AdamW } from './adamw';
import { Lion } from './lion';
import { NAdam } from './nadam';
import type { Optimizer } from './optimizer';
import { RAdam } from './radam';
import { RMSprop } from './rmsprop';
import { ExponentialLR } from './schedulers/exponential-lr';
import { SGD } from './sgd';

// biome-ignore lint/suspicious/noExplicitAny: a registry over optimisers with different option types
type Make = (params: any, options: any) => Optimizer<any, any>;

const CTORS: Record<string, Make> = {
  SGD: (p, o) => new SGD(p, o),
  Adam: (p, o) => new Adam(p, o),
  AdamW: (p, o) => new AdamW(p, o),
  RMSprop: (p, o) => new RMSprop(p, o),
  Adagrad: (p, o) => new Adagrad(p, o),
  Adadelta: (p, o) => new Adadelta(p, o),
  Adamax: (p, o) => new Adamax(p, o),
  NAdam: (p, o) => new NAdam(p, o),
  RAdam: (p, o) => new RAdam(p, o),
  Lion: (p, o) => new Lion(p, o),
};

/** A convex quadratic f(x) = ½(x − x*)ᵀA(x − x*) with A = Q·diag(λ)·Qᵀ, Q a Householder reflection. */
interface Quadratic {
  n: number;
  lambdas: number[];
  v: number[];
  xStar: number[];
  x0: number[];
}

const quadraticArb: fc.Arbitrary<Quadratic> = fc.integer({ min: 1, max: 4 }).chain((n) => {
  const vec = (min: number, max: number) =>
    fc.array(fc.double({ min, max, noNaN: true }), { minLength: n, maxLength: n });
  return fc
    .record({ lambdas: vec(0.5, 2), v: vec(-1, 1), xStar: vec(-1, 1), offset: vec(-2, 2) })
    .filter(({ v, offset }) => norm(v) > 0.1 && norm(offset) > 0.5)
    .map(({ lambdas, v, xStar, offset }) => ({
      n,
      lambdas,
      v,
      xStar,
      x0: xStar.map((x, i) => x + offset[i]),
    }));
});

function norm(x: number[]): number {
  return Math.sqrt(x.reduce((s, xi) => s + xi * xi, 0));
}

/** Q·diag(d)·Qᵀ·y for the Householder Q = I − 2vvᵀ/|v|². */
function applySym(q: Quadratic, d: number[], y: number[]): number[] {
  const vv = q.v.reduce((s, vi) => s + vi * vi, 0);
  const reflect = (x: number[]) => {
    const c = (2 * x.reduce((s, xi, i) => s + xi * q.v[i], 0)) / vv;
    return x.map((xi, i) => xi - c * q.v[i]);
  };
  return reflect(reflect(y).map((z, i) => z * d[i]));
}

const gradient = (q: Quadratic, x: ArrayLike<number>) =>
  applySym(
    q,
    q.lambdas,
    q.xStar.map((s, i) => x[i] - s),
  );
const loss = (q: Quadratic, x: ArrayLike<number>) =>
  0.5 * gradient(q, x).reduce((s, g, i) => s + g * (x[i] - q.xStar[i]), 0);

function descend(
  q: Quadratic,
  make: (p: Tensor[]) => { step(): unknown },
  steps: number,
  lrScale = 1,
): Float64Array {
  const x = tensor(q.x0, { dtype: 'float64', requiresGrad: true });
  const opt = make([x]);
  for (let s = 0; s < steps; s++) {
    x.grad = tensor(
      gradient(q, x.data).map((g) => g * lrScale),
      { dtype: 'float64' },
    );
    opt.step();
  }
  return x.data as Float64Array;
}

describe('properties on convex quadratics', () => {
  // A suitable lr per rule: small enough for λmax = 2 (and for the sign-like steps of Adam
  // and Lion to settle), large enough to make progress in 60 steps.
  const DESCENT: Array<[string, object]> = [
    ['SGD', { lr: 0.2 }],
    ['SGD', { lr: 0.05, momentum: 0.9, nesterov: true }],
    ['SGD', { lr: 0.05, momentum: 0.5, dampening: 0.5 }],
    ['Adam', { lr: 0.05 }],
    ['Adam', { lr: 0.05, amsgrad: true }],
    ['AdamW', { lr: 0.05 }],
    ['RMSprop', { lr: 0.02 }],
    ['RMSprop', { lr: 0.01, momentum: 0.5, centered: true }],
    ['Adagrad', { lr: 0.5 }],
    ['Adadelta', { lr: 10 }],
    ['Adamax', { lr: 0.05 }],
    ['NAdam', { lr: 0.05 }],
    ['RAdam', { lr: 0.2 }],
    ['Lion', { lr: 0.02 }],
  ];

  for (const [name, options] of DESCENT) {
    it(`${name} ${JSON.stringify(options)} reduces the loss`, () => {
      fc.assert(
        fc.property(quadraticArb, (q) => {
          const x = descend(q, (p) => CTORS[name](p, options), 60);
          expect(loss(q, x)).toBeLessThan(0.5 * loss(q, q.x0));
        }),
        { numRuns: 20 },
      );
    });
  }

  it('SGD with lr → 0 follows gradient flow x(t) = x* + Q·e^(−Λt)·Qᵀ(x₀ − x*), error O(lr)', () => {
    fc.assert(
      fc.property(quadraticArb, (q) => {
        const T = 0.5;
        const flow = applySym(
          q,
          q.lambdas.map((l) => Math.exp(-l * T)),
          q.x0.map((x, i) => x - q.xStar[i]),
        ).map((d, i) => d + q.xStar[i]);
        const error = (h: number) => {
          const x = descend(q, (p) => new SGD(p, { lr: h }), Math.round(T / h));
          return norm(flow.map((f, i) => f - x[i]));
        };
        const e1 = error(1e-3);
        const e2 = error(5e-4);
        // Euler's global error is ≈ T·h·λ²/2·|x₀ − x*| and halves with h.
        expect(e1).toBeLessThan(1e-3 * norm(q.x0.map((x, i) => x - q.xStar[i])));
        expect(e2 / e1).toBeGreaterThan(0.4);
        expect(e2 / e1).toBeLessThan(0.6);
      }),
      { numRuns: 15 },
    );
  });
});

/** Option sets for the round trip, covering every state buffer. */
const OPTIONS: Record<string, fc.Arbitrary<object>> = {
  SGD: fc
    .record({
      momentum: fc.constantFrom(0, 0.9),
      dampening: fc.constantFrom(0, 0.3),
      nesterov: fc.boolean(),
      weightDecay: fc.constantFrom(0, 0.01),
      maximize: fc.boolean(),
    })
    .map((o) => ({ ...o, nesterov: o.nesterov && o.momentum > 0 && o.dampening === 0 })),
  Adam: fc.record({
    amsgrad: fc.boolean(),
    weightDecay: fc.constantFrom(0, 0.1),
    maximize: fc.boolean(),
  }),
  AdamW: fc.record({ amsgrad: fc.boolean(), weightDecay: fc.constantFrom(0, 0.1) }),
  RMSprop: fc.record({
    momentum: fc.constantFrom(0, 0.9),
    centered: fc.boolean(),
    weightDecay: fc.constantFrom(0, 0.1),
  }),
  Adagrad: fc.record({
    lrDecay: fc.constantFrom(0, 0.1),
    initialAccumulatorValue: fc.constantFrom(0, 0.1),
  }),
  Adadelta: fc.record({ rho: fc.constantFrom(0.9, 0.5), weightDecay: fc.constantFrom(0, 0.1) }),
  Adamax: fc.record({ weightDecay: fc.constantFrom(0, 0.1) }),
  NAdam: fc.record({ decoupledWeightDecay: fc.boolean(), weightDecay: fc.constantFrom(0, 0.1) }),
  RAdam: fc.record({ decoupledWeightDecay: fc.boolean(), weightDecay: fc.constantFrom(0, 0.1) }),
  Lion: fc.record({ weightDecay: fc.constantFrom(0, 0.1) }),
};

const SHAPES = [[2, 3], [4], []];

function bits(data: ArrayLike<number>): string {
  return Buffer.from(new Float64Array(Array.from(data)).buffer).toString('hex');
}

describe('stateDict round trip', () => {
  const roundTripArb = fc.record({
    dtype: fc.constantFrom('float32' as const, 'float64' as const),
    named: fc.boolean(),
    json: fc.boolean(),
    before: fc.integer({ min: 0, max: 8 }),
    after: fc.integer({ min: 1, max: 8 }),
    seed: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 11, maxLength: 11 }),
    skip: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
  });

  for (const name of Object.keys(CTORS)) {
    it(`${name}: save after k steps, load into a fresh optimiser, continue: bit-identical`, () => {
      fc.assert(
        fc.property(OPTIONS[name], roundTripArb, (options, cfg) => {
          const { dtype, named, json, before, after, seed, skip } = cfg;
          const gradAt = (s: number, i: number, size: number) =>
            Array.from(
              { length: size },
              (_, j) => Math.sin(seed[(s + i + j) % 11] * (s + 1) + j) * 2,
            );
          const build = (data: ArrayLike<number>[]) => {
            const params = SHAPES.map((shape, i) =>
              tensor(Array.from(data[i]), { shape, dtype, requiresGrad: true }),
            );
            const list = named ? params.map((p, i) => [`p${i}`, p] as const) : params;
            const groups = [{ params: list.slice(0, 2) }, { params: list.slice(2), lr: 0.003 }];
            const opt = CTORS[name](groups, { lr: 0.01, ...options });
            return { params, opt, sched: new ExponentialLR(opt, 0.9) };
          };
          const run = (state: ReturnType<typeof build>, from: number, to: number) => {
            for (let s = from; s < to; s++) {
              state.params.forEach((p, i) => {
                // The last parameter sometimes has no gradient: its state must stay unborn or frozen.
                p.grad =
                  i === 2 && skip[s]
                    ? null
                    : tensor(gradAt(s, i, p.size), { shape: p.shape, dtype });
              });
              state.opt.step();
              state.sched.step();
            }
          };
          const init = SHAPES.map((_, i) => gradAt(99, i, [6, 4, 1][i]));
          const whole = build(init);
          run(whole, 0, before + after);

          const first = build(init);
          run(first, 0, before);
          let saved = { opt: first.opt.stateDict(), sched: first.sched.stateDict() };
          saved = json
            ? JSON.parse(
                JSON.stringify(saved, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v)),
              )
            : structuredClone(saved);
          const resumed = build(first.params.map((p) => p.data));
          resumed.opt.loadStateDict(saved.opt);
          resumed.sched.loadStateDict(saved.sched);
          run(resumed, before, before + after);
          resumed.params.forEach((p, i) => {
            expect(bits(p.data)).toBe(bits(whole.params[i].data));
          });
          expect(resumed.opt.paramGroups.map((g) => g.lr)).toEqual(
            whole.opt.paramGroups.map((g) => g.lr),
          );
        }),
        { numRuns: 15 },
      );
    });
  }
});

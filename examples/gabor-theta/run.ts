// The θ question, answered with numbers: run with `pnpm example:gabor-theta [--trials N] [--out FILE]`.
// Writes results.json beside this file (run `pnpm format` afterwards: Biome lays JSON out its own
// way); docs/gabor.md quotes a recorded run. The full run takes about 5 minutes on 2 cores.
import { writeFileSync } from 'node:fs';
import {
  type ExperimentImageKind,
  experimentImage,
  FilterMatching,
  type JointRecipe,
  REFERENCE_TARGET,
  randomGabor,
  recoverGabor,
  recoverTheta,
  type ThetaProblem,
  thetaLandscape,
  thetaLoss,
  wrapTheta,
} from '@convkit/gabor';
import { createRng, tensor } from '@convkit/tensor';

const trialsArg = process.argv.indexOf('--trials');
const trials = trialsArg > 0 ? Number(process.argv[trialsArg + 1]) : 50;
if (!Number.isInteger(trials) || trials < 1)
  throw new RangeError(`--trials must be a positive integer, got ${process.argv[trialsArg + 1]}`);

// --out FILE writes the numbers elsewhere (e.g. for a quick --trials 2 run).
const outArg = process.argv.indexOf('--out');
if (outArg > 0 && process.argv[outArg + 1] === undefined)
  throw new RangeError('--out needs a file name');
const out = outArg > 0 ? process.argv[outArg + 1] : new URL('./results.json', import.meta.url);

const kinds: ExperimentImageKind[] = ['smoothedNoise', 'natural', 'whiteNoise'];
const round = (v: number, digits = 4) => Number(v.toPrecision(digits));
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  setup: { image: '64×64, seed 1', kernelSize: 11, target: REFERENCE_TARGET, theta0: -Math.PI / 4 },
  trials,
};

function rmseSlope(problem: ThetaProblem, theta: number): number {
  const t = tensor([theta], { dtype: 'float64', requiresGrad: true });
  thetaLoss(problem, t, 'rmse').backward();
  return t.grad!.item();
}

console.log('1. The loss landscape L(θ) (MSE between filtered images), θ ∈ [−π, π]');
const landscapes: Record<string, unknown> = {};
const problems = new Map<ExperimentImageKind, ThetaProblem>();
for (const kind of kinds) {
  const problem = {
    matching: new FilterMatching(experimentImage(kind, { seed: 1 }), 11),
    target: REFERENCE_TARGET,
  };
  problems.set(kind, problem);
  const s = thetaLandscape(problem);
  const spurious = s.minima.filter((m) => Math.abs(Math.sin(m - REFERENCE_TARGET.theta)) > 0.05);
  landscapes[kind] = {
    period: s.period,
    curvature: round(s.curvature),
    stableLrSgd: round(2 / s.curvature),
    stableLrMomentum09: round((2 * 1.9) / s.curvature),
    basin: s.basin.map((b) => round(b)),
    basinWidth: round(s.basin[1] - s.basin[0]),
    spuriousMinima: spurious.map((m) => round(m)),
    orthogonalLossRatio: round(s.orthogonalLossRatio),
    rmseSlopeNearOptimum: round(Math.abs(rmseSlope(problem, REFERENCE_TARGET.theta + 1e-4))),
    sqrtHalfCurvature: round(Math.sqrt(s.curvature / 2)),
    thetas: s.thetas.filter((_, i) => i % 4 === 0).map((t) => round(t, 5)),
    losses: s.losses.filter((_, i) => i % 4 === 0).map((l) => round(l, 5)),
  };
  console.log(
    `  ${kind.padEnd(13)} period ${s.period === Math.PI ? 'π' : '2π'}, h = L″(θ*) = ${s.curvature.toFixed(1)} → SGD stable for lr < 2/h = ${(2 / s.curvature).toFixed(4)}; basin [${s.basin.map((b) => b.toFixed(3)).join(', ')}], ${spurious.length} spurious minima, L(θ*−π/2)/max L = ${s.orthogonalLossRatio.toFixed(3)}`,
  );
}
results.landscapes = landscapes;

console.log(
  '\n   Kernel frequency: the same landscape for targets of shorter and longer wavelength λ',
);
const wavelengths: Record<string, unknown>[] = [];
for (const kind of kinds) {
  const matching = problems.get(kind)!.matching;
  const cells: string[] = [];
  for (const lambda of [2.5, 3.5, 5, 8]) {
    const target = { ...REFERENCE_TARGET, lambda };
    const s = thetaLandscape({ matching, target });
    const spurious = s.minima.filter((m) => Math.abs(Math.sin(m - target.theta)) > 0.05);
    wavelengths.push({
      image: kind,
      lambda,
      curvature: round(s.curvature),
      basinWidth: round(s.basin[1] - s.basin[0]),
      spuriousMinima: spurious.length,
    });
    cells.push(
      `λ ${lambda}: basin ${(s.basin[1] - s.basin[0]).toFixed(2)}, ${spurious.length} spurious`,
    );
  }
  console.log(`  ${kind.padEnd(13)} ${cells.join(' | ')}`);
}
results.wavelengths = wavelengths;

console.log('\n2. The cycling reproduced (smoothed noise, start θ0 = −π/4, 400 steps)');
const smooth = problems.get('smoothedNoise')!;
const h = (landscapes.smoothedNoise as { curvature: number }).curvature;
const runs: Record<string, unknown>[] = [];
for (const config of [
  { label: 'RMSE, SGD lr 0.002', loss: 'rmse', optimizer: 'sgd', lr: 0.002 },
  { label: 'RMSE, SGD + momentum 0.9, lr 0.002', loss: 'rmse', optimizer: 'momentum', lr: 0.002 },
  { label: 'RMSE, SGD lr 0.02', loss: 'rmse', optimizer: 'sgd', lr: 0.02 },
  {
    label: `MSE, SGD lr 2.5/h = ${(2.5 / h).toFixed(4)} (> 2/h)`,
    loss: 'mse',
    optimizer: 'sgd',
    lr: 2.5 / h,
  },
  {
    label: `MSE, SGD + momentum 0.9, lr 4/h = ${(4 / h).toFixed(4)} (> 2(1+μ)/h)`,
    loss: 'mse',
    optimizer: 'momentum',
    lr: 4 / h,
  },
  {
    label: `MSE, SGD lr 1.5/h = ${(1.5 / h).toFixed(4)} (< 2/h)`,
    loss: 'mse',
    optimizer: 'sgd',
    lr: 1.5 / h,
  },
  { label: 'MSE, Adam lr 0.05', loss: 'mse', optimizer: 'adam', lr: 0.05 },
  {
    label: 'MSE, Adam lr 0.05, cosine decay',
    loss: 'mse',
    optimizer: 'adam',
    lr: 0.05,
    schedule: 'cosine',
  },
  {
    label: 'RMSE, Adam lr 0.05, cosine decay',
    loss: 'rmse',
    optimizer: 'adam',
    lr: 0.05,
    schedule: 'cosine',
  },
] as const) {
  const run = recoverTheta(smooth, { theta0: -Math.PI / 4, steps: 400, ...config });
  const tail = run.thetas.slice(-50);
  const swing = Math.max(...tail) - Math.min(...tail);
  runs.push({
    ...config,
    finalError: round(run.error),
    lastSwing: round(swing),
    trajectory: run.thetas.filter((_, i) => i % 4 === 0).map((t) => round(t, 5)),
  });
  console.log(
    `  ${config.label.padEnd(52)} |θ − θ*| = ${run.error.toExponential(2)}, θ swing over the last 50 steps ${swing.toExponential(2)}`,
  );
}
results.thetaRuns = runs;

// Steps until θ enters, and stays in, |θ − θ*| < 1e-4 (mod the period); -1 if it never does.
function stepsToConverge(thetas: number[]): number {
  const close = (t: number) =>
    Math.abs(wrapTheta(t - REFERENCE_TARGET.theta, REFERENCE_TARGET.psi)) < 1e-4;
  let last = thetas.length;
  while (last > 0 && close(thetas[last - 1])) last--;
  return last === thetas.length ? -1 : last;
}
console.log(
  '\n   Adam on MSE from θ0 = −π/4 (smoothed noise): steps until |θ − θ*| < 1e-4 for good',
);
const adamSweep: Record<string, number>[] = [];
for (const lr of [0.01, 0.03, 0.05, 0.1, 0.3]) {
  const run = recoverTheta(smooth, {
    theta0: -Math.PI / 4,
    loss: 'mse',
    optimizer: 'adam',
    lr,
    steps: 1000,
  });
  const steps = stepsToConverge(run.thetas);
  adamSweep.push({ lr, steps, finalError: round(run.error) });
  console.log(
    `  lr ${String(lr).padEnd(5)} ${steps} steps (final |θ − θ*| ${run.error.toExponential(1)})`,
  );
}
results.adamLrSweep = adamSweep;

console.log(
  `\n3. All five parameters jointly: ${trials} random targets per image, success = relative loss < 1e-8`,
);
const joint: Record<string, Record<string, number>> = {};
for (const kind of ['smoothedNoise', 'natural'] as const) {
  joint[kind] = {};
  const matching = problems.get(kind)!.matching;
  for (const recipe of ['rmse-adam', 'mse-adam', 'recipe'] as JointRecipe[]) {
    const rng = createRng(100);
    let successes = 0;
    const start = performance.now();
    for (let t = 0; t < trials; t++) {
      if (recoverGabor(matching, randomGabor(rng), { recipe }).relativeLoss < 1e-8) successes++;
    }
    joint[kind][recipe] = successes;
    console.log(
      `  ${kind.padEnd(13)} ${recipe.padEnd(10)} ${successes}/${trials}  (${((performance.now() - start) / 1000).toFixed(1)} s)`,
    );
  }
}
results.joint = joint;

writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`);
console.log(`\nwrote ${out instanceof URL ? out.pathname : out}`);

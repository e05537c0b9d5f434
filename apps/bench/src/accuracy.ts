// `pnpm bench:accuracy`: the MNIST free-vs-Gabor experiment. examples/mnist/train.ts trains
// the LeNet-style CNN once with a freely learned first convolution (`--variant free`) and once
// with a GaborConv2d first layer (`--variant gabor`: θ, σ, λ, ψ, γ per filter), same data,
// seed and schedule. Each runs as its own child process; its last line, `RESULT {json}`, is
// recorded in results/accuracy.json, and docs/benchmarks.md is regenerated to show it.
//
//   pnpm bench:accuracy [--variants free,gabor] [--json file] [any train.ts flag, e.g. --epochs 3]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type AccuracyResult, type AccuracyRun, accuracyTable, readResult } from './accuracy-types';
import type { BenchResult } from './internal/result-types';
import { appDir } from './internal/worker-client';
import { renderText } from './report/format';
import { writeDocs } from './report/markdown';

const examplesDir = join(appDir, '..', '..', 'examples');
const script = 'mnist/train.ts';

interface Options {
  variants: string[];
  json: string;
  /** Passed through to train.ts. */
  args: string[];
}

function parse(argv: string[]): Options {
  const o: Options = {
    variants: ['free', 'gabor'],
    json: join(appDir, 'results', 'accuracy.json'),
    args: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = argv[i + 1];
    if ((flag === '--variants' || flag === '--json') && next === undefined)
      throw new RangeError(`bench:accuracy: ${flag} needs a value`);
    if (flag === '--variants') o.variants = argv[++i].split(',').map((v) => v.trim());
    else if (flag === '--json') o.json = resolve(argv[++i]);
    else if (flag === '--variant')
      throw new RangeError('bench:accuracy: use --variants a,b (runs each variant in turn)');
    else o.args.push(flag);
  }
  return o;
}

/** Runs train.ts for one variant, echoing its output to stderr; resolves with what it printed. */
function runVariant(variant: string, args: string[]): Promise<AccuracyRun> {
  const argv = ['--import', 'tsx', '--conditions=@convkit/source', script, ...args];
  argv.push('--variant', variant);
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, argv, {
      cwd: examplesDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => done({ variant, status: 'failed', reason: error.message }));
    child.on('close', (code) => {
      const run = readResult(variant, output, (performance.now() - started) / 1000);
      if (code !== 0 && run.status === 'ok') Object.assign(run, { status: 'failed' });
      if (code !== 0 && run.reason === undefined) run.reason = `exit code ${code}`;
      done(run);
    });
  });
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2).filter((a) => a !== '--'));
  if (!existsSync(join(examplesDir, script))) {
    console.error(`bench:accuracy: needs the repository's ${script} (not found in ${examplesDir})`);
    return 2;
  }
  const runs: AccuracyRun[] = [];
  for (const variant of options.variants) {
    console.error(`\n── ${script} --variant ${variant} ${options.args.join(' ')}`);
    runs.push(await runVariant(variant, options.args));
  }
  const result: AccuracyResult = {
    schema: 'convkit-bench-accuracy/2',
    date: new Date().toISOString(),
    command: `node --import tsx --conditions=@convkit/source examples/${script}`,
    args: options.args,
    runs,
  };
  console.log(`\nMNIST, first layer free vs Gabor (examples/${script})\n`);
  console.log(renderText(accuracyTable(result)));
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nResults: ${options.json}`);
  // docs/benchmarks.md shows the accuracy beside the speed figures of the last full run.
  const latest = join(dirname(options.json), 'latest.json');
  const docs = join(appDir, '..', '..', 'docs');
  if (existsSync(latest) && existsSync(docs)) {
    const bench = JSON.parse(readFileSync(latest, 'utf8')) as BenchResult;
    if (bench.schema === 'convkit-bench/1' && !bench.quick)
      console.log(`Report: ${writeDocs(bench, docs, latest).join(', ')}`);
  }
  return runs.every((r) => r.status === 'ok') ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

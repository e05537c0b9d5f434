// Command-line options of the MNIST experiment: `--name value` pairs and `--flag` switches,
// each checked with an error that names the option, what it takes and what it got.
import { VARIANTS, type Variant } from './model';

/** The `mnist` package's 10,000 digits split 8,000 for training, 2,000 held out. */
export const TEST_DIGITS = 2000;
export const TRAIN_DIGITS = 8000;

export const SCHEDULES = ['onecycle', 'cosine', 'constant'] as const;
export type Schedule = (typeof SCHEDULES)[number];

export interface ExperimentOptions {
  variant: Variant;
  epochs: number;
  batchSize: number;
  lr: number;
  schedule: Schedule;
  seed: number;
  augment: boolean;
  checkpoint: string | undefined;
  resume: string | undefined;
  /** Train on only this many of the 8,000 training digits (stratified); for quick smoke runs. */
  trainSize: number | undefined;
}

/** The defaults are the recorded configuration of docs/data.md. */
export const DEFAULTS: ExperimentOptions = {
  variant: 'free',
  epochs: 3,
  batchSize: 32,
  lr: 0.006,
  schedule: 'onecycle',
  seed: 0,
  augment: false,
  checkpoint: undefined,
  resume: undefined,
  trainSize: undefined,
};

const VALUED = [
  'variant',
  'epochs',
  'batch-size',
  'lr',
  'schedule',
  'seed',
  'checkpoint',
  'resume',
  'train-size',
];
const FLAGS = ['augment'];

function fail(message: string): never {
  throw new Error(`example:mnist: ${message}`);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    fail(`--${name} must be one of ${allowed.join(', ')}, got ${value}`);
  return value as T;
}

function count(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got ${value}`);
  return n;
}

/** Parses `argv` (without the node and script paths); unknown options are errors, not ignored. */
export function parseOptions(argv: readonly string[]): ExperimentOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  // pnpm passes a lone `--` through when it separates script arguments.
  const args = argv.filter((a) => a !== '--');
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : '';
    if (FLAGS.includes(name)) flags.add(name);
    else if (VALUED.includes(name)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`);
      values.set(name, value);
      i++;
    } else
      fail(
        `unknown option ${args[i]}; options: ${[...VALUED, ...FLAGS].map((o) => `--${o}`).join(' ')}`,
      );
  }
  const get = (name: string) => values.get(name);
  const trainSize = get('train-size');
  if (trainSize !== undefined && Number(trainSize) > TRAIN_DIGITS)
    fail(`--train-size must be at most the ${TRAIN_DIGITS} training digits, got ${trainSize}`);
  const lr = get('lr') === undefined ? DEFAULTS.lr : Number(get('lr'));
  if (!(Number.isFinite(lr) && lr > 0)) fail(`--lr must be a positive number, got ${get('lr')}`);
  return {
    variant:
      get('variant') === undefined
        ? DEFAULTS.variant
        : oneOf('variant', get('variant') as string, VARIANTS),
    epochs:
      get('epochs') === undefined ? DEFAULTS.epochs : count('epochs', get('epochs') as string, 1),
    batchSize:
      get('batch-size') === undefined
        ? DEFAULTS.batchSize
        : count('batch-size', get('batch-size') as string, 1),
    lr,
    schedule:
      get('schedule') === undefined
        ? DEFAULTS.schedule
        : oneOf('schedule', get('schedule') as string, SCHEDULES),
    seed: get('seed') === undefined ? DEFAULTS.seed : count('seed', get('seed') as string, 0),
    augment: flags.has('augment'),
    checkpoint: get('checkpoint'),
    resume: get('resume'),
    trainSize:
      get('train-size') === undefined
        ? DEFAULTS.trainSize
        : count('train-size', get('train-size') as string, 10),
  };
}

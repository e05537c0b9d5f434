// The JSON of `pnpm bench:accuracy` (results/accuracy.json) and its table.
import { num } from './report/format';

/** One variant of examples/mnist/train.ts, as its `RESULT {json}` line reported it. */
export interface AccuracyRun {
  /** `free` (a freely learned first layer) or `gabor` (GaborConv2d: θ, σ, λ, ψ, γ per filter). */
  variant: string;
  status: 'ok' | 'failed';
  /** Why a run has no result (the tail of its output). */
  reason?: string;
  testAccuracy?: number;
  epochs?: number;
  /** Wall time of the whole child process, data loading included. */
  wallSeconds?: number;
  /** Training time alone, where the example reports it. */
  trainSeconds?: number;
  parameterCount?: number;
  /** The example's RESULT object as printed, for fields this table does not show. */
  raw?: Record<string, unknown>;
}

export interface AccuracyResult {
  schema: 'convkit-bench-accuracy/2';
  date: string;
  /** The command each variant ran (with `--variant <name>` appended). */
  command: string;
  args: string[];
  runs: AccuracyRun[];
}

/** The `RESULT {json}` line of a run, read into the fields the report shows. */
export function readResult(variant: string, output: string, wallSeconds: number): AccuracyRun {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT '));
  if (line === undefined) {
    // The error's own line, not the stack frames or Node's version banner after it.
    const lines = output.split('\n').map((l) => l.trim());
    const error = lines.find((l) => /^\w*Error\b|^error:/i.test(l));
    const last = lines.filter((l) => l !== '' && !/^at |^Node\.js v/.test(l)).pop();
    return { variant, status: 'failed', reason: error ?? last ?? 'no output' };
  }
  const raw = JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
  const pick = (...keys: string[]): number | undefined => {
    for (const k of keys) if (typeof raw[k] === 'number') return raw[k] as number;
    return undefined;
  };
  // The example's banner names the count when its RESULT line does not.
  const banner = /(\d[\d,]*) parameters/.exec(output)?.[1];
  return {
    variant: typeof raw.variant === 'string' ? raw.variant : variant,
    status: 'ok',
    testAccuracy: pick('accuracy', 'testAccuracy'),
    epochs: pick('epochs'),
    wallSeconds: pick('wallSeconds', 'totalSeconds') ?? wallSeconds,
    trainSeconds: pick('trainSeconds'),
    parameterCount:
      pick('parameterCount', 'parameters') ??
      (banner === undefined ? undefined : Number(banner.replace(/,/g, ''))),
    raw,
  };
}

function percent(x: number | undefined): string {
  return x === undefined ? '–' : `${(100 * x).toFixed(2)}%`;
}

export function accuracyTable(result: AccuracyResult): { header: string[]; rows: string[][] } {
  return {
    header: ['first layer', 'parameters', 'epochs', 'test accuracy', 'wall time (s)'],
    rows: result.runs.map((r) =>
      r.status === 'ok'
        ? [
            r.variant,
            r.parameterCount === undefined ? '–' : r.parameterCount.toLocaleString('en-US'),
            r.epochs === undefined ? '–' : String(r.epochs),
            percent(r.testAccuracy),
            r.wallSeconds === undefined ? '–' : num(r.wallSeconds),
          ]
        : [r.variant, '–', '–', `failed: ${r.reason ?? ''}`, '–'],
    ),
  };
}

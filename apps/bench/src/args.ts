// Command-line flags of `convkit-bench`.
import type { EngineId } from './cases/types';
import { ENGINES, engineSpec } from './engines/registry';

export interface CliOptions {
  quick: boolean;
  reps: number;
  budgetS: number;
  timeoutS: number;
  filter: RegExp | null;
  engines: EngineId[];
  json: string | null;
  /** Folder to write benchmarks.md and benchmarks.svg into, or null (a full run in the repository writes docs/ anyway, unless `noDocs`). */
  docs: string | null;
  noDocs: boolean;
  help: boolean;
}

export const USAGE = `convkit-bench: convkit and its JavaScript peers on the same workloads, in one run.

Usage: convkit-bench [options]
  --filter <regex>     only variants whose id matches (ids look like conv2d/a/forward, matmul/1024)
  --engines <a,b,…>    engines to run (default: all): ${ENGINES.map((e) => e.id).join(', ')}
  --quick              tiny sizes, one repetition: proves the harness works, says nothing about speed
  --reps <n>           timed repetitions per cell, at least (default 5, 1 with --quick)
  --budget <seconds>   cells whose repetitions fit this budget get up to 3× --reps (default 2)
  --timeout <seconds>  limit of a single run; slower runs are reported as timeouts (default 20)
  --json <path>        where to write the results (default, in the repository: results/latest.json
                       for a full run, results/quick.json with --quick, results/tmp-partial.json
                       otherwise; installed from npm: ./convkit-bench-results.json)
  --docs [folder]      write benchmarks.md and benchmarks.svg there (default: the repository's docs/,
                       which a full run in the repository updates anyway)
  --no-docs            leave docs/ alone
  --help               this text`;

function value(argv: string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new RangeError(`bench: ${flag} needs a value`);
  return v;
}

function positive(text: string, flag: string, integer: boolean): number {
  const n = Number(text);
  if (!(n > 0) || (integer && !Number.isInteger(n))) {
    throw new RangeError(
      `bench: ${flag} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`,
    );
  }
  return n;
}

/** Parses argv (without node and the script); throws a RangeError naming the bad flag. */
export function parseArgs(argv: readonly string[], defaultDocs: string): CliOptions {
  const args = argv.filter((a) => a !== '--');
  const o: CliOptions = {
    quick: false,
    reps: 5,
    budgetS: 2,
    timeoutS: 20,
    filter: null,
    engines: ENGINES.map((e) => e.id),
    json: null,
    docs: null,
    noDocs: false,
    help: false,
  };
  let repsGiven = false;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    switch (flag) {
      case '--quick':
        o.quick = true;
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--filter':
        o.filter = new RegExp(value(args, i++, flag));
        break;
      case '--engines':
        o.engines = value(args, i++, flag)
          .split(',')
          .map((e) => engineSpec(e.trim()).id);
        if (!o.engines.includes('convkit')) o.engines.unshift('convkit');
        break;
      case '--reps':
        o.reps = positive(value(args, i++, flag), flag, true);
        repsGiven = true;
        break;
      case '--budget':
        o.budgetS = positive(value(args, i++, flag), flag, false);
        break;
      case '--timeout':
        o.timeoutS = positive(value(args, i++, flag), flag, false);
        break;
      case '--json':
        o.json = value(args, i++, flag);
        break;
      case '--docs': {
        const next = args[i + 1];
        o.docs = next !== undefined && !next.startsWith('--') ? args[++i] : defaultDocs;
        break;
      }
      case '--no-docs':
        o.noDocs = true;
        break;
      default:
        throw new RangeError(`bench: unknown option '${flag}' (see --help)`);
    }
  }
  if (o.quick && !repsGiven) o.reps = 1;
  return o;
}

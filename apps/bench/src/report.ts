// `pnpm --filter @convkit/bench report [results.json] [--docs folder]`: regenerates
// docs/benchmarks.md and docs/benchmarks.svg from a saved run, without measuring again.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchResult } from './internal/result-types';
import { appDir } from './internal/worker-client';
import { writeDocs } from './report/markdown';

const args = process.argv.slice(2).filter((a) => a !== '--');
const docsAt = args.indexOf('--docs');
const docs = docsAt >= 0 ? resolve(args[docsAt + 1] ?? '') : join(appDir, '..', '..', 'docs');
const json = resolve(
  args.find((a, i) => !a.startsWith('--') && i !== docsAt + 1) ??
    join(appDir, 'results', 'latest.json'),
);
const result = JSON.parse(readFileSync(json, 'utf8')) as BenchResult;
if (result.schema !== 'convkit-bench/1') {
  console.error(
    `report: ${json} is not a convkit-bench/1 result (schema ${String(result.schema)})`,
  );
  process.exitCode = 1;
} else {
  console.log(`Report: ${writeDocs(result, docs, json).join(', ')}`);
}

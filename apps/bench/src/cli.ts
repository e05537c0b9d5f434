#!/usr/bin/env node
// `pnpm bench` / `npx @convkit/bench`: runs the workloads, prints the ratio table and the
// absolute figures, writes the JSON (and, with --docs, docs/benchmarks.md and its chart).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, USAGE } from './args';
import { appDir } from './internal/worker-client';
import { absoluteTable, ratioTable, renderText } from './report/format';
import { headlineText } from './report/headline';
import { writeDocs } from './report/markdown';
import { Progress } from './report/progress';
import { runBench } from './run';

async function main(): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2), join(appDir, '..', '..', 'docs'));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const progress = new Progress(process.stderr);
  const result = await runBench({ ...options, onProgress: (e) => progress.update(e) });
  progress.finish();
  console.log(
    `\nconvkit speed-up over each peer (peer time ÷ convkit time, median of paired runs; > 1: convkit is faster)\n`,
  );
  console.log(renderText(ratioTable(result)));
  console.log(`\nAbsolute figures (median; GFLOP/s where FLOPs are defined)\n`);
  console.log(renderText(absoluteTable(result)));
  console.log(`\n${headlineText(result)}`);
  const jsonPath = resolve(
    options.json ?? join(appDir, 'results', options.quick ? 'quick.json' : 'latest.json'),
  );
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nResults: ${jsonPath} (${result.durationS} s)`);
  if (options.docs !== null) {
    const written = writeDocs(result, options.docs, jsonPath);
    console.log(`Report: ${written.join(', ')}`);
  }
  if (result.failures.length > 0) {
    console.error(
      `\n${result.failures.length} failure(s):\n${result.failures.map((f) => `  ${f}`).join('\n')}`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

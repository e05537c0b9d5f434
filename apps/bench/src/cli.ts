#!/usr/bin/env node
// `pnpm bench` / `npx @convkit/bench`: runs the workloads, prints the ratio table and the
// absolute figures, writes the JSON (and, with --docs, docs/benchmarks.md and its chart).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, USAGE } from './args';
import { ENGINES } from './engines/registry';
import { appDir } from './internal/worker-client';
import { absoluteTable, ratioTable, renderText } from './report/format';
import { headlineText } from './report/headline';
import { writeDocs } from './report/markdown';
import { Progress } from './report/progress';
import { runBench } from './run';

async function main(): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  const defaultDocs = join(appDir, '..', '..', 'docs');
  try {
    options = parseArgs(process.argv.slice(2), defaultDocs);
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
  const missing = result.engines.filter((e) => !e.available);
  if (missing.length > 0)
    console.log(`\nNot run here:\n${missing.map((e) => `  ${e.label}: ${e.reason}`).join('\n')}`);
  const full =
    !options.quick && options.filter === null && options.engines.length === ENGINES.length;
  // Only a full run replaces results/latest.json (and, in the repository, docs/benchmarks.md).
  // Installed from npm (npx), results go to the working directory, not into node_modules.
  const installed = appDir.split(/[\\/]/).includes('node_modules');
  const jsonPath = resolve(
    options.json ??
      (installed
        ? 'convkit-bench-results.json'
        : join(
            appDir,
            'results',
            options.quick ? 'quick.json' : full ? 'latest.json' : 'tmp-partial.json',
          )),
  );
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nResults: ${jsonPath} (${result.durationS} s)`);
  const docs =
    options.docs ?? (full && !options.noDocs && existsSync(defaultDocs) ? defaultDocs : null);
  if (docs !== null) {
    const written = writeDocs(result, docs, jsonPath);
    console.log(`Report: ${written.join(', ')}`);
  }
  // A wrong or failed convkit cell fails the run; a peer's is a finding about the peer.
  const ours = result.failures.filter((f) => / on convkit[\w-]*: /.test(f));
  const theirs = result.failures.filter((f) => !ours.includes(f));
  if (theirs.length > 0)
    console.error(`\nPeer problems:\n${theirs.map((f) => `  ${f}`).join('\n')}`);
  if (ours.length > 0) {
    console.error(`\nconvkit failures:\n${ours.map((f) => `  ${f}`).join('\n')}`);
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

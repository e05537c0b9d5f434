// End to end in --quick mode, the way `pnpm bench --quick` runs in CI: the tsup bundle is
// built, the CLI starts real worker processes (the float64 reference, convkit on one and two
// threads, TF.js cpu and wasm), checks their answers against the reference and times them once. Nothing here is
// about speed.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult } from './internal/result-types';
import { appDir } from './internal/worker-client';
import { absoluteTable, ratioTable, renderText } from './report/format';
import { headlineText } from './report/headline';
import { benchmarksMarkdown } from './report/markdown';
import { ratioChart } from './report/svg';

const require = createRequire(import.meta.url);
const tmp = mkdtempSync(join(tmpdir(), 'convkit-bench-test-'));
const jsonPath = join(tmp, 'quick.json');
// Its own bundle folder (inside node_modules, so peers resolve), apart from a build of dist/
// that may run at the same time.
const bundle = join(appDir, 'node_modules', '.cache', 'convkit-bench-test');

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(bundle, 'cli.js'), ...args],
      { cwd: appDir, maxBuffer: 16 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

let cli: { code: number; stdout: string; stderr: string };
let result: BenchResult;

beforeAll(async () => {
  const tsup = join(dirname(require.resolve('tsup/package.json')), 'dist', 'cli-default.js');
  execFileSync(process.execPath, [tsup, '--silent', '--out-dir', bundle], {
    cwd: appDir,
    stdio: 'pipe',
  });
  cli = await runCli([
    '--quick',
    '--filter',
    '^(conv2d/a/|matmul/8$)',
    '--engines',
    'convkit,convkit-2t,tfjs-cpu,tfjs-wasm',
    '--json',
    jsonPath,
    '--no-docs',
  ]);
  result = JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchResult;
}, 110_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('convkit-bench --quick', () => {
  it('exits 0, shows progress and prints the ratio table', () => {
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toContain('[1/5] conv2d (a) fwd: convkit');
    expect(cli.stdout).toContain('convkit speed-up over each peer');
    expect(cli.stdout).toMatch(/conv2d \(a\) bwd-w(\s+\S+×){2}\s+no kernel/);
  });

  it('records the machine, the versions and the engines', () => {
    expect(result.schema).toBe('convkit-bench/1');
    expect(result.quick).toBe(true);
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.cpu.length).toBeGreaterThan(0);
    expect(result.machine.node).toBe(process.version);
    expect(result.packages['@tensorflow/tfjs-core']).toBe('4.22.0');
    expect(result.packages['@convkit/tensor']).toMatch(/^\d+\.\d+\.\d+/);
    // The threaded convkit engine really started its workers.
    expect(result.engines.find((e) => e.id === 'convkit-2t')?.threads).toBe(2);
    expect(result.engines.map((e) => [e.id, e.available])).toEqual([
      ['convkit', true],
      ['convkit-2t', true],
      ['tfjs-cpu', true],
      ['tfjs-wasm', true],
    ]);
  });

  it('checks every answer against the float64 reference before timing it', () => {
    expect(result.rows.map((r) => r.id)).toEqual([
      'conv2d/a/forward',
      'conv2d/a/backward-input',
      'conv2d/a/backward-weight',
      'conv2d/a/forward-backward',
      'matmul/8',
    ]);
    for (const row of result.rows) {
      expect(row.flops).toBeGreaterThan(0);
      for (const cell of row.cells) {
        // TF.js wasm cannot compute conv weight gradients: "no kernel", not a failure.
        const missing =
          cell.engine === 'tfjs-wasm' && /backward-weight|forward-backward/.test(row.id);
        if (missing) {
          expect(cell.status).toBe('no-kernel');
          expect(cell.reason).toContain('Conv2DBackpropFilter');
          continue;
        }
        expect(cell.status, `${row.id} ${cell.engine}: ${cell.reason}`).toBe('ok');
        expect(cell.check?.passed).toBe(true);
        expect(cell.check?.relError).toBeGreaterThanOrEqual(0);
        expect(cell.check?.relError).toBeLessThanOrEqual(cell.check?.tolerance ?? 0);
        expect(cell.warmupMs).toHaveLength(1);
        expect(cell.roundsMs).toHaveLength(1);
        expect(cell.ms?.median).toBeGreaterThan(0);
        expect(cell.ms?.min).toBeLessThanOrEqual(cell.ms?.max ?? 0);
        expect(cell.gflops).toBeGreaterThan(0);
        expect(cell.peakRssMiB).toBeGreaterThan(10);
      }
      const peers = row.cells.filter((c) => c.engine !== 'convkit' && c.status === 'ok');
      expect(row.ratios.map((r) => [r.engine, r.pairs])).toEqual(peers.map((c) => [c.engine, 1]));
    }
    expect(result.failures).toEqual([]);
  });

  it('reports the run: tables, targets (not judged in --quick), Markdown and SVG', () => {
    const text = renderText(ratioTable(result));
    expect(text).toContain('conv2d (a) fwd');
    expect(text).toContain('vs TF.js cpu');
    expect(renderText(absoluteTable(result))).toContain('GFLOP/s');
    const headline = headlineText(result);
    expect(headline).toContain('issue 10 target');
    expect(headline).not.toMatch(/\bmet\b/);
    expect(headline).toMatch(/convkit → convkit 2t\s+conv2d \(a\) fwd \S+×/);
    const md = benchmarksMarkdown(result, 'results/quick.json');
    expect(md).toMatch(/^# Benchmarks/);
    expect(md).toContain(result.machine.cpu);
    expect(md).toContain(result.date.slice(0, 10));
    expect(md.indexOf('## convkit against its peers')).toBeLessThan(
      md.indexOf('## Absolute numbers'),
    );
    expect(ratioChart(result)).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  });
});

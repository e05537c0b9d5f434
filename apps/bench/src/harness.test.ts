// End to end in --quick mode: the orchestrator starts real worker processes (convkit and
// TF.js cpu), checks their answers against the float64 reference and times them once.
import { describe, expect, it } from 'vitest';
import { absoluteTable, ratioTable, renderText } from './report/format';
import { headlineText } from './report/headline';
import { benchmarksMarkdown } from './report/markdown';
import { ratioChart } from './report/svg';
import { runBench } from './run';

describe('runBench --quick', () => {
  it('checks and times convkit and TF.js cpu on a few workloads, and reports them', async () => {
    const result = await runBench({
      quick: true,
      reps: 1,
      budgetS: 1,
      timeoutS: 20,
      filter: /^(conv2d\/a\/|matmul\/8$)/,
      engines: ['convkit', 'tfjs-cpu'],
    });
    expect(result.schema).toBe('convkit-bench/1');
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.node).toBe(process.version);
    expect(result.packages['@tensorflow/tfjs-core']).toBe('4.22.0');
    expect(result.engines.map((e) => [e.id, e.available])).toEqual([
      ['convkit', true],
      ['tfjs-cpu', true],
    ]);
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
        expect(cell.status, `${row.id} ${cell.engine}: ${cell.reason}`).toBe('ok');
        // The correctness check ran, on real numbers, and passed.
        expect(cell.check?.passed).toBe(true);
        expect(cell.check?.relError).toBeGreaterThanOrEqual(0);
        expect(cell.check?.relError).toBeLessThanOrEqual(cell.check?.tolerance ?? 0);
        expect(cell.warmupMs).toHaveLength(1);
        expect(cell.roundsMs).toHaveLength(1);
        expect(cell.ms?.median).toBeGreaterThan(0);
        expect(cell.gflops).toBeGreaterThan(0);
        expect(cell.peakRssMiB).toBeGreaterThan(10);
      }
      expect(row.ratios).toEqual([expect.objectContaining({ engine: 'tfjs-cpu', pairs: 1 })]);
    }
    expect(result.failures).toEqual([]);

    const text = renderText(ratioTable(result));
    expect(text).toContain('conv2d (a) fwd');
    expect(text).toContain('vs TF.js cpu');
    expect(renderText(absoluteTable(result))).toContain('GFLOP/s');
    expect(headlineText(result)).toContain('issue 10 target');
    const md = benchmarksMarkdown(result, 'results/quick.json');
    expect(md).toMatch(/^# Benchmarks/);
    expect(md).toContain(result.machine.cpu);
    expect(md.indexOf('## convkit against its peers')).toBeLessThan(
      md.indexOf('## Absolute numbers'),
    );
    expect(ratioChart(result)).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  }, 60_000);
});

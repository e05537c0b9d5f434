// docs/benchmarks.svg: one line per workload, one marker per peer at convkit's speed-up
// (log scale; right of the 1× line convkit is faster). Plain SVG, no dependencies.
import type { EngineId } from '../cases/types';
import type { BenchResult } from '../internal/result-types';
import { enginesOf, label } from './format';

const COLORS: Partial<Record<EngineId, string>> = {
  'convkit-js': '#868e96',
  'convkit-2t': '#495057',
  'tfjs-cpu': '#d9480f',
  'tfjs-wasm': '#f59f00',
  'tfjs-wasm-2t': '#e8590c',
  'ort-1t': '#1c7ed6',
  ort: '#74c0fc',
  'jax-wasm': '#2b8a3e',
  'openblas-1t': '#7048e8',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function machineLine(result: BenchResult): string {
  const m = result.machine;
  return `${result.date.slice(0, 10)} · ${m.cpu}, ${m.cores} cores · Node ${m.node}${result.quick ? ' · --quick (sizes not representative)' : ''}`;
}

/** The chart as an SVG document. */
export function ratioChart(result: BenchResult): string {
  const peers = enginesOf(result).filter(
    (e) => e !== 'convkit' && result.rows.some((r) => r.ratios.some((x) => x.engine === e)),
  );
  const rows = result.rows.filter((r) => r.ratios.length > 0);
  const values = rows.flatMap((r) => r.ratios.map((x) => x.median ?? x.atLeast ?? 1));
  const lo = Math.max(-3, Math.min(-1, Math.floor(Math.log10(Math.min(...values, 1)))));
  const hi = Math.min(4, Math.max(1, Math.ceil(Math.log10(Math.max(...values, 1)))));
  const left = 210;
  const right = 880;
  const top = 84;
  const rowH = 17;
  const height = top + rows.length * rowH + 46;
  const x = (v: number) => left + ((Math.log10(v) - lo) / (hi - lo)) * (right - left);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}" viewBox="0 0 900 ${height}" font-family="system-ui, sans-serif" font-size="11" role="img">`,
  );
  out.push(`<title>convkit speed-up over each peer, ${esc(machineLine(result))}</title>`);
  out.push('<rect width="100%" height="100%" fill="#fff"/>');
  out.push(
    `<text x="10" y="20" font-size="14" font-weight="600">convkit speed-up over each peer (peer time ÷ convkit time; right of 1× convkit is faster)</text>`,
  );
  out.push(`<text x="10" y="38" fill="#555">${esc(machineLine(result))}</text>`);
  // Up to eight peers fit in one legend row.
  const spacing = Math.min(125, Math.floor((right - 10) / Math.max(1, peers.length)));
  peers.forEach((p, i) => {
    const lx = 10 + i * spacing;
    out.push(
      `<circle cx="${lx + 5}" cy="58" r="4.5" fill="${COLORS[p] ?? '#333'}"/><text x="${lx + 14}" y="62">${esc(label(result, p))}</text>`,
    );
  });
  out.push(
    `<text x="${right}" y="38" text-anchor="end" fill="#555">hollow: peer hit the time limit (at least)</text>`,
  );
  for (let d = lo; d <= hi; d++) {
    const gx = x(10 ** d);
    out.push(
      `<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${top + rows.length * rowH}" stroke="${d === 0 ? '#333' : '#ddd'}" stroke-width="${d === 0 ? 1.5 : 1}"/>`,
    );
    out.push(
      `<text x="${gx}" y="${top + rows.length * rowH + 16}" text-anchor="middle">${10 ** d}×</text>`,
    );
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    if (i % 2 === 0)
      out.push(
        `<rect x="0" y="${y - rowH / 2}" width="900" height="${rowH}" fill="#f8f9fa" opacity="0.7"/>`,
      );
    out.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(r.title)}</text>`);
    for (const ratio of r.ratios) {
      const v = ratio.median ?? ratio.atLeast;
      if (v === undefined) continue;
      const color = COLORS[ratio.engine] ?? '#333';
      const cx = Math.min(right, Math.max(left, x(v)));
      const title = `${label(result, ratio.engine)}: ${ratio.median !== undefined ? '' : '≥ '}${v.toPrecision(3)}×`;
      const fill = ratio.median !== undefined ? color : 'none';
      out.push(
        `<circle cx="${cx.toFixed(1)}" cy="${y}" r="4.5" fill="${fill}" stroke="${color}" stroke-width="1.5"><title>${esc(title)}</title></circle>`,
      );
    }
  });
  out.push(
    `<text x="${(left + right) / 2}" y="${height - 8}" text-anchor="middle" fill="#555">median over paired rounds, log scale</text>`,
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

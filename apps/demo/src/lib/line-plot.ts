import { formatNumber } from './format';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 480;
const HEIGHT = 260;
const MARGIN = { left: 56, right: 12, top: 28, bottom: 40 };
/** Colours that stay distinct for the colour-blind (Okabe–Ito). */
export const SERIES_COLOURS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
];

export interface LinePlotSeries {
  name: string;
  points: Array<[number, number]>;
}

export interface LinePlot {
  setSeries(series: LinePlotSeries[]): void;
  element: SVGSVGElement;
}

/**
 * A small line chart drawn as plain SVG (no plotting library): axes with a few ticks, one
 * polyline per series and a legend. `logY` plots log10(y) and drops points with y ≤ 0 or
 * non-finite values. The SVG scales to its container's width through its viewBox.
 */
export function createLinePlot(
  container: HTMLElement,
  options?: { title?: string; xLabel?: string; yLabel?: string; logY?: boolean },
): LinePlot {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('class', 'line-plot');
  svg.setAttribute('role', 'img');
  if (options?.title) svg.setAttribute('aria-label', options.title);
  // The legend is HTML under the chart, so it never covers a line and wraps on phones.
  const legend = document.createElement('div');
  legend.className = 'plot-legend-row';
  container.append(svg, legend);
  const logY = options?.logY ?? false;

  function setSeries(series: LinePlotSeries[]): void {
    svg.replaceChildren();
    legend.replaceChildren();
    const cleaned = series.map((s) => ({
      name: s.name,
      points: s.points
        .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0))
        .map(([x, y]): [number, number] => [x, logY ? Math.log10(y) : y]),
    }));
    const all = cleaned.flatMap((s) => s.points);
    const [x0, x1] = extent(all.map((p) => p[0]));
    const [y0, y1] = extent(all.map((p) => p[1]));
    const plotW = WIDTH - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
    const sy = (y: number) => MARGIN.top + (1 - (y - y0) / (y1 - y0)) * plotH;

    if (options?.title) text(svg, WIDTH / 2, 16, options.title, 'middle', 'plot-title');
    if (options?.xLabel)
      text(svg, MARGIN.left + plotW / 2, HEIGHT - 6, options.xLabel, 'middle', 'plot-label');
    if (options?.yLabel) {
      const label = text(svg, 12, MARGIN.top + plotH / 2, options.yLabel, 'middle', 'plot-label');
      label.setAttribute('transform', `rotate(-90 12 ${MARGIN.top + plotH / 2})`);
    }
    const frame = el(svg, 'rect', {
      x: MARGIN.left,
      y: MARGIN.top,
      width: plotW,
      height: plotH,
      class: 'plot-frame',
    });
    frame.setAttribute('fill', 'none');
    for (const t of ticks(x0, x1, 5)) {
      el(svg, 'line', {
        x1: sx(t),
        x2: sx(t),
        y1: MARGIN.top + plotH,
        y2: MARGIN.top + plotH + 4,
        class: 'plot-tick',
      });
      text(svg, sx(t), MARGIN.top + plotH + 16, formatNumber(t), 'middle', 'plot-tick-label');
    }
    for (const t of logY ? logTicks(y0, y1) : ticks(y0, y1, 5)) {
      el(svg, 'line', {
        x1: MARGIN.left - 4,
        x2: MARGIN.left + plotW,
        y1: sy(t),
        y2: sy(t),
        class: 'plot-grid',
      });
      text(
        svg,
        MARGIN.left - 6,
        sy(t) + 4,
        formatNumber(logY ? 10 ** t : t, 3),
        'end',
        'plot-tick-label',
      );
    }
    cleaned.forEach((s, i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      if (s.points.length === 1) {
        const [x, y] = s.points[0];
        el(svg, 'circle', { cx: sx(x), cy: sy(y), r: 3, fill: colour });
      } else if (s.points.length > 1) {
        const d = s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
        el(svg, 'polyline', { points: d, fill: 'none', stroke: colour, 'stroke-width': 2 });
      }
      const item = document.createElement('span');
      const swatch = document.createElement('span');
      swatch.className = 'plot-swatch';
      swatch.style.background = colour;
      item.append(swatch, s.name);
      legend.append(item);
    });
  }

  setSeries([]);
  return { setSeries, element: svg };
}

function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

/** Round tick positions ("nice" steps of 1, 2 or 5 × 10^k) covering [lo, hi]. */
export function ticks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

/**
 * Tick positions (in log10 units) for a log axis over [lo, hi]: whole decades when the range
 * spans at least two, otherwise round values in linear units mapped to the log axis.
 */
function logTicks(lo: number, hi: number): number[] {
  if (hi - lo >= 2) {
    const step = Math.max(1, Math.ceil((hi - lo) / 6));
    const out: number[] = [];
    for (let t = Math.ceil(lo); t <= hi; t += step) out.push(t);
    return out;
  }
  return ticks(10 ** lo, 10 ** hi, 4)
    .filter((v) => v > 0)
    .map((v) => Math.log10(v));
}

function el(parent: Element, tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent.append(node);
  return node;
}

function text(
  parent: Element,
  x: number,
  y: number,
  content: string,
  anchor: string,
  cls: string,
): SVGElement {
  const node = el(parent, 'text', { x, y, 'text-anchor': anchor, class: cls });
  node.textContent = content;
  return node;
}

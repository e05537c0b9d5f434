import { type GaborScalars, gaborKernel, thetaPeriod } from '@convkit/gabor';
import { noGrad, tensor } from '@convkit/tensor';
import { h, select, slider } from '../../lib/controls';
import { drawHeatmap } from '../../lib/heatmap';
import type { PageContext } from '../../shell/page';
import { numberParam } from './params';

const NAMES = ['theta', 'sigma', 'lambda', 'psi', 'gamma'] as const;
const RANGES: Record<(typeof NAMES)[number], { min: number; max: number; step: number }> = {
  theta: { min: -Math.PI, max: Math.PI, step: 0.01 },
  sigma: { min: 0.5, max: 8, step: 0.05 },
  lambda: { min: 2, max: 20, step: 0.1 },
  psi: { min: -Math.PI, max: Math.PI, step: 0.01 },
  gamma: { min: 0.1, max: 1.5, step: 0.01 },
};
const LABELS = { theta: 'θ', sigma: 'σ', lambda: 'λ', psi: 'ψ', gamma: 'γ' };
const DEFAULTS: GaborScalars = { theta: Math.PI / 4, sigma: 2.5, lambda: 5, psi: 0, gamma: 0.5 };

/** The kernel a set of parameters makes, through the same op the layer trains with. */
export function kernelValues(p: GaborScalars, size: number): Float64Array {
  const scalar = (v: number) => tensor([v], { dtype: 'float64' });
  return noGrad(
    () =>
      gaborKernel(
        {
          theta: scalar(p.theta),
          sigma: scalar(p.sigma),
          lambda: scalar(p.lambda),
          psi: scalar(p.psi),
          gamma: scalar(p.gamma),
        },
        size,
      ).data as Float64Array,
  );
}

/**
 * Five sliders drawing the Gabor kernel g(x, y) = exp(−(x′² + γ²y′²)/2σ²)·cos(2πx′/λ + ψ),
 * beside the same kernel turned by π: identical for ψ ∈ {0, π}, mirrored otherwise — why θ's
 * period is π or 2π.
 */
export function kernelExplorer(ctx: PageContext): HTMLElement {
  const params: GaborScalars = { ...DEFAULTS };
  for (const name of NAMES) {
    const { min, max } = RANGES[name];
    params[name] = Math.min(
      max,
      Math.max(min, numberParam(ctx.params, `k${name}`, DEFAULTS[name])),
    );
  }
  let size = Number(ctx.params.get('ksize') ?? 21);
  if (![11, 21, 31].includes(size)) size = 21;

  const main = h('canvas', { class: 'kernel', 'data-testid': 'gabor-kernel' });
  const turned = h('canvas', { class: 'kernel' });
  const note = h('p', { class: 'figure-caption' });
  const formula = h('div', { class: 'formula' });

  const redraw = () => {
    const pixel = Math.max(4, Math.round(231 / size));
    drawHeatmap(main, kernelValues(params, size), size, size, {
      pixelSize: pixel,
      symmetric: true,
    });
    drawHeatmap(
      turned,
      kernelValues({ ...params, theta: params.theta + Math.PI }, size),
      size,
      size,
      {
        pixelSize: Math.max(2, Math.round(pixel / 2)),
        symmetric: true,
      },
    );
    const period = thetaPeriod(params.psi);
    note.textContent =
      period === Math.PI
        ? 'ψ is 0 or π: the filter is symmetric, so turning it by π changes nothing. θ has period π.'
        : 'ψ is not 0 or π: turning the filter by π flips its phase (ψ → −ψ), so θ has period 2π.';
    formula.textContent =
      `g(x, y) = exp(−(x′² + γ²y′²) / 2σ²) · cos(2πx′/λ + ψ)\n` +
      `θ = ${params.theta.toFixed(2)}  σ = ${params.sigma.toFixed(2)}  λ = ${params.lambda.toFixed(1)}  ` +
      `ψ = ${params.psi.toFixed(2)}  γ = ${params.gamma.toFixed(2)}`;
  };

  const sliders = NAMES.map((name) =>
    slider(
      LABELS[name],
      { ...RANGES[name], value: params[name], format: (v) => v.toFixed(2) },
      (value) => {
        params[name] = value;
        ctx.setParams({ [`k${name}`]: value.toFixed(2) });
        redraw();
      },
    ),
  );
  const sizeSelect = select('size', ['11', '21', '31'], String(size), (value) => {
    size = Number(value);
    ctx.setParams({ ksize: value });
    redraw();
  });
  redraw();

  return h(
    'section',
    { class: 'panel' },
    h('h2', null, 'A Gabor filter and its five parameters'),
    h(
      'p',
      { class: 'lead' },
      'A Gabor filter is a cosine wave seen through a Gaussian window: θ turns it, σ sets the ' +
        'window’s size, λ the wavelength, ψ the phase (where the stripes sit) and γ how round the ' +
        'window is. Red is positive, blue negative.',
    ),
    h('div', { class: 'controls' }, ...sliders, sizeSelect),
    h(
      'div',
      { class: 'row' },
      h('div', { class: 'figure' }, main, h('span', { class: 'figure-caption' }, 'kernel')),
      h('div', { class: 'figure' }, turned, h('span', { class: 'figure-caption' }, 'turned by π')),
    ),
    note,
    formula,
  );
}

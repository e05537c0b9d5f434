import { h, numberGrid } from '../../lib/controls';
import { figure, matrixView } from '../../lib/matrix-view';
import { readNumbers, writeNumbers } from '../../lib/url-values';
import type { PageContext } from '../../shell/page';
import { maxAbsDifference } from './filter-math';
import { computePoolGradients } from './pool-math';

/** A 4×4 input with a tie in the top-left window (two 4s) and one in the bottom-left (two 2s). */
const PRESET_INPUT = [1, 4, 0, 2, 4, 3, 5, 1, 2, 0, 2, 2, 2, 1, 2, 3];
const PRESET_UPSTREAM = [1, 2, 3, 4];

/** Window number (0..3, row-major) of input cell i in 2×2/stride-2 pooling of a 4×4. */
function windowOf(i: number): number {
  return Math.floor(Math.floor(i / 4) / 2) * 2 + Math.floor((i % 4) / 2);
}

/**
 * The pooling panel: the derivative of max pooling (all of a window's upstream gradient
 * goes to its arg-max) beside average pooling (spread evenly), both by autograd and by hand.
 */
export function poolPanel(ctx: PageContext): { element: HTMLElement; dispose(): void } {
  let input = readNumbers(ctx.params, 'p', 16, PRESET_INPUT);
  let upstream = readNumbers(ctx.params, 'g', 4, PRESET_UPSTREAM);
  const inputGrid = numberGrid(
    4,
    4,
    input,
    (v) => {
      input = v;
      ctx.setParams({ p: writeNumbers(v) });
      render();
    },
    { label: 'pool input' },
  );
  const upstreamGrid = numberGrid(
    2,
    2,
    upstream,
    (v) => {
      upstream = v;
      ctx.setParams({ g: writeNumbers(v) });
      render();
    },
    { label: 'upstream gradient' },
  );
  const maxOut = matrixView(2, 2, [0, 0, 0, 0], { testId: 'max-out' });
  const avgOut = matrixView(2, 2, [0, 0, 0, 0], { testId: 'avg-out' });
  const maxGrad = matrixView(4, 4, new Array(16).fill(0), { testId: 'max-grad-autograd' });
  const maxGradHand = matrixView(4, 4, new Array(16).fill(0), { testId: 'max-grad-hand' });
  const avgGrad = matrixView(4, 4, new Array(16).fill(0), { testId: 'avg-grad-autograd' });
  const avgGradHand = matrixView(4, 4, new Array(16).fill(0), { testId: 'avg-grad-hand' });
  const agreement = h('p', { 'data-testid': 'pool-agreement' });
  const ties = h('p', { 'data-testid': 'ties' });

  function render(): void {
    const r = computePoolGradients(input, upstream);
    const winner = (i: number) => (r.argmax[windowOf(i)] === i ? 'highlight' : 'off');
    maxOut.update(r.maxOut);
    avgOut.update(r.avgOut);
    maxGrad.update(r.maxGradAutograd, winner);
    maxGradHand.update(r.maxGradHand, winner);
    avgGrad.update(r.avgGradAutograd);
    avgGradHand.update(r.avgGradHand);
    const gap = Math.max(
      maxAbsDifference(r.maxGradAutograd, r.maxGradHand),
      maxAbsDifference(r.avgGradAutograd, r.avgGradHand),
    );
    const agree = gap <= 1e-12 * Math.max(1, ...upstream.map(Math.abs));
    agreement.className = agree ? 'agree' : 'disagree';
    agreement.textContent = agree
      ? '✓ autograd and the hand rules agree for both poolings.'
      : `✗ autograd and the hand rules differ by up to ${gap}.`;
    const names = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
    ties.textContent =
      r.tiedWindows.length === 0
        ? 'No ties: each window has a single maximum, and only it receives gradient.'
        : `Tie in the ${r.tiedWindows.map((w) => names[w]).join(' and ')} window${r.tiedWindows.length > 1 ? 's' : ''}: ` +
          'max is not differentiable there. convkit (like PyTorch) sends the whole gradient to the first maximum in row-major order ' +
          '(reading left to right, top to bottom); any split between the tied cells would be an equally valid subgradient.';
  }
  render();

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'pool-panel' },
    h('h2', null, 'The derivative of pooling: max routes, average spreads'),
    h(
      'p',
      { class: 'lead' },
      '2×2 pooling with stride 2 on a 4×4 input; the loss is L = Σ g ⊙ pool(x), so the upstream gradient arriving at each pooled value is g. ' +
        'Max pooling passes each g to the one input that won its window (highlighted) and zero to the other three; average pooling gives each of the four inputs g/4.',
    ),
    h(
      'div',
      { class: 'row' },
      figure('input x (4×4)', inputGrid),
      figure('upstream gradient g (2×2)', upstreamGrid),
    ),
    h('div', { class: 'row' }, figure('max pool', maxOut), figure('average pool', avgOut)),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        null,
        h('h3', null, 'Max pooling: ∂L/∂x'),
        h(
          'div',
          { class: 'row' },
          figure('convkit autograd', maxGrad),
          figure('by hand: g at the arg-max, else 0', maxGradHand),
        ),
      ),
      h(
        'div',
        null,
        h('h3', null, 'Average pooling: ∂L/∂x'),
        h(
          'div',
          { class: 'row' },
          figure('convkit autograd', avgGrad),
          figure('by hand: g / 4 everywhere', avgGradHand),
        ),
      ),
    ),
    agreement,
    ties,
  );
  return { element, dispose: () => {} };
}

import { button, h, numberGrid, select, slider } from '../../lib/controls';
import { formatNumber } from '../../lib/format';
import { createLinePlot } from '../../lib/line-plot';
import { figure, matrixView } from '../../lib/matrix-view';
import { readChoice, readNumber, readNumbers, writeNumbers } from '../../lib/url-values';
import type { PageContext } from '../../shell/page';
import {
  computeFilterStep,
  type FilterProblem,
  type FilterStep,
  maxAbsDifference,
  type OutputActivation,
  PRESET_DEAD,
  PRESET_EXAMPLE,
  updateFilter,
} from './filter-math';

const LOSS_DONE = 1e-8;
const MAX_STEPS = 500;
const STEP_INTERVAL_MS = 90;

/** Text of the hand formula for filter weight (a, b), with the numbers filled in. */
function handFormulaLine(
  input: number[],
  delta: number[],
  a: number,
  b: number,
  value: number,
): string {
  const terms: string[] = [];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const d = delta[i * 2 + j];
      // Parenthesise negatives so "3·(-4.95)" doesn't read as subtraction.
      const shown = d < 0 ? `(${formatNumber(d)})` : formatNumber(d);
      terms.push(`${formatNumber(input[(i + a) * 3 + (j + b)])}·${shown}`);
    }
  }
  return `∂L/∂f${a + 1}${b + 1} = ${terms.join(' + ')} = ${formatNumber(value)}`;
}

/**
 * The "how a filter learns" panel: editable input, filter and target; the forward pass,
 * ReLU mask, error and filter gradient (autograd beside the hand formula); one-step updates
 * and a run until the loss is ~0.
 */
export function filterPanel(ctx: PageContext): { element: HTMLElement; dispose(): void } {
  const params = ctx.params;
  const problem: FilterProblem = {
    input: readNumbers(params, 'x', 9, PRESET_EXAMPLE.input),
    filter: readNumbers(params, 'f', 4, PRESET_EXAMPLE.filter),
    target: readNumbers(params, 't', 4, PRESET_EXAMPLE.target),
    activation: readChoice<OutputActivation>(params, 'act', ['relu', 'linear'], 'relu'),
  };
  let lr = readNumber(params, 'lr', 0.001, 0.2, 0.05);
  // The filter the user set: "Reset" goes back to it; steps change only `current`.
  let startFilter = problem.filter.slice();
  let current = problem.filter.slice();
  let history: Array<[number, number]> = [];
  let stepCount = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let step: FilterStep = computeFilterStep({ ...problem, filter: current });

  const inputGrid = numberGrid(3, 3, problem.input, (v) => edit({ input: v }), { label: 'input' });
  const filterGrid = numberGrid(2, 2, current, (v) => edit({ filter: v }), { label: 'filter' });
  const targetGrid = numberGrid(2, 2, problem.target, (v) => edit({ target: v }), {
    label: 'target',
  });
  const activationSelect = select(
    'output',
    [
      { value: 'relu', label: 'ReLU(z)' },
      { value: 'linear', label: 'linear: z' },
    ],
    problem.activation,
    (v) => edit({ activation: v as OutputActivation }),
  );
  const lrSlider = slider(
    'learning rate',
    { min: 0.005, max: 0.12, step: 0.005, value: lr },
    (v) => {
      lr = v;
      ctx.setParams({ lr: String(v) });
      render();
    },
  );

  const zView = matrixView(2, 2, step.preActivation, { testId: 'pre-activation', label: 'z' });
  const maskView = matrixView(2, 2, step.mask, { testId: 'relu-mask', label: 'mask' });
  const yView = matrixView(2, 2, step.output, { testId: 'output', label: 'y' });
  const errorView = matrixView(2, 2, step.error, { testId: 'error', label: 'error' });
  const deltaView = matrixView(2, 2, step.delta, { testId: 'delta', label: 'delta' });
  const gradAutogradView = matrixView(2, 2, step.gradAutograd, {
    testId: 'grad-autograd',
    label: 'gradient by autograd',
  });
  const gradHandView = matrixView(2, 2, step.gradHand, {
    testId: 'grad-hand',
    label: 'gradient by hand',
  });
  const nextFilterView = matrixView(2, 2, current, {
    testId: 'next-filter',
    label: 'updated filter',
  });
  const formulaBox = h('div', { class: 'formula', 'data-testid': 'hand-formula' });
  const agreement = h('p', { 'data-testid': 'agreement' });
  const lossText = h('p', { class: 'stat', 'data-testid': 'loss' });
  const status = h('p', { class: 'progress', 'data-testid': 'status', 'aria-live': 'polite' });
  const updateText = h('p', { class: 'stat' });
  const plotBox = h('div');
  const plot = createLinePlot(plotBox, {
    title: 'loss per step',
    xLabel: 'step',
    yLabel: 'L (log scale)',
    logY: true,
  });

  const stepButton = button('Step', () => {
    stopRun();
    advance();
  });
  stepButton.dataset.testid = 'step';
  const runButton = button('Run until L ≈ 0', () => (timer ? stopRun() : startRun()));
  runButton.dataset.testid = 'run';
  const resetButton = button('Reset filter', () => {
    stopRun();
    setCurrent(startFilter, true);
  });
  resetButton.classList.add('secondary');
  const presetButton = button('Worked example', () => loadPreset(PRESET_EXAMPLE));
  presetButton.classList.add('secondary');
  const deadButton = button('Dead-ReLU example', () => loadPreset(PRESET_DEAD));
  deadButton.classList.add('secondary');
  deadButton.dataset.testid = 'dead-preset';

  function loadPreset(preset: FilterProblem): void {
    stopRun();
    inputGrid.setValues(preset.input);
    targetGrid.setValues(preset.target);
    activationSelect.input.value = preset.activation;
    edit({ ...preset });
  }

  function edit(change: Partial<FilterProblem>): void {
    Object.assign(problem, change);
    if (change.filter) startFilter = change.filter.slice();
    ctx.setParams({
      x: writeNumbers(problem.input),
      f: writeNumbers(startFilter),
      t: writeNumbers(problem.target),
      act: problem.activation,
    });
    // Any edit starts a new run: the step count and loss curve restart from here.
    setCurrent(change.filter ?? current, true);
  }

  /** Sets the filter being trained and restarts the step count and loss curve. */
  function setCurrent(filter: number[], restart: boolean): void {
    current = filter.slice();
    filterGrid.setValues(current);
    if (restart) {
      stepCount = 0;
      history = [];
    }
    render();
  }

  function advance(): boolean {
    if (step.loss <= LOSS_DONE) return false;
    if (step.gradAutograd.every((g) => g === 0)) return false;
    current = updateFilter(current, step.gradAutograd, lr);
    filterGrid.setValues(current);
    stepCount++;
    render();
    return true;
  }

  function startRun(): void {
    runButton.textContent = 'Pause';
    const tick = () => {
      const moved = stepCount < MAX_STEPS && advance();
      if (moved && step.loss > LOSS_DONE && Number.isFinite(step.loss))
        timer = setTimeout(tick, STEP_INTERVAL_MS);
      else stopRun();
    };
    timer = setTimeout(tick, 0);
  }

  function stopRun(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    runButton.textContent = 'Run until L ≈ 0';
  }

  function render(): void {
    step = computeFilterStep({ ...problem, filter: current });
    if (history.length === 0 || history[history.length - 1][0] !== stepCount)
      history.push([stepCount, step.loss]);
    plot.setSeries([
      { name: problem.activation === 'relu' ? 'ReLU output' : 'linear output', points: history },
    ]);
    const off = (i: number) => (step.mask[i] === 0 ? 'off' : null);
    zView.update(step.preActivation, off);
    maskView.update(step.mask, off);
    yView.update(step.output, off);
    errorView.update(step.error);
    deltaView.update(step.delta, off);
    gradAutogradView.update(step.gradAutograd);
    gradHandView.update(step.gradHand);
    nextFilterView.update(updateFilter(current, step.gradAutograd, lr));
    formulaBox.textContent = [0, 1, 2, 3]
      .map((k) =>
        handFormulaLine(problem.input, step.delta, Math.floor(k / 2), k % 2, step.gradHand[k]),
      )
      .join('\n');
    const gap = maxAbsDifference(step.gradAutograd, step.gradHand);
    const agree = gap <= 1e-9 * Math.max(1, ...step.gradHand.map(Math.abs));
    agreement.className = agree ? 'agree' : 'disagree';
    agreement.textContent = agree
      ? `✓ autograd and the hand formula agree (largest difference ${formatNumber(gap)}).`
      : `✗ autograd and the hand formula differ by ${formatNumber(gap)}.`;
    lossText.textContent = `step ${stepCount}: L = ½ Σ (y − t)² = ${formatNumber(step.loss, 6)}`;
    lossText.dataset.value = String(step.loss);
    lossText.dataset.step = String(stepCount);
    updateText.textContent = `f ← f − ${formatNumber(lr)} · ∂L/∂f`;
    status.textContent = statusLine();
  }

  function statusLine(): string {
    if (!Number.isFinite(step.loss))
      return 'The loss blew up: the learning rate is too large for this input. Lower it and reset.';
    if (step.loss <= LOSS_DONE)
      return `Converged after ${stepCount} steps: the filter now maps the input onto the target.`;
    if (step.gradAutograd.every((g) => g === 0)) {
      return problem.activation === 'relu'
        ? 'Stuck: every output unit has z ≤ 0, so ReLU passes no gradient and the filter can never change (a dead ReLU). Switch the output to linear, or edit the filter.'
        : 'The gradient is zero: the input is all zeros where the error is.';
    }
    if (stepCount >= MAX_STEPS) return `Stopped after ${MAX_STEPS} steps.`;
    return timer ? 'Running…' : 'Press Step to apply one update, or Run to iterate.';
  }

  render();
  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'filter-panel' },
    h('h2', null, 'A 2×2 filter learning to map a 3×3 input onto a target'),
    h(
      'p',
      { class: 'lead' },
      'z = input ⋆ filter (slide the filter over the input, multiply, add), y = ReLU(z) or z, and the loss is L = ½ Σ (y − target)². ' +
        'Backpropagation gives ∂L/∂z = δ = (y − target) ⊙ mask, and the filter gradient is the same sliding product again: the input correlated with δ. ' +
        'Every number below comes from convkit (conv2d, relu, backward); the hand formula beside it must agree.',
    ),
    h(
      'div',
      { class: 'controls' },
      activationSelect,
      lrSlider,
      stepButton,
      runButton,
      resetButton,
      presetButton,
      deadButton,
    ),
    h(
      'div',
      { class: 'row' },
      figure('input x (3×3)', inputGrid),
      figure('filter f (2×2)', filterGrid),
      figure('target t (2×2)', targetGrid),
    ),
    h('h3', null, 'Forward pass'),
    h(
      'div',
      { class: 'row' },
      figure('z = x ⋆ f', zView),
      figure('ReLU mask (z > 0)', maskView),
      figure('y', yView),
      figure('error e = y − t', errorView),
      figure('δ = e ⊙ mask', deltaView),
    ),
    lossText,
    h('h3', null, 'Filter gradient: the input correlated with δ'),
    h(
      'div',
      { class: 'row' },
      figure('∂L/∂f by convkit autograd', gradAutogradView),
      figure('∂L/∂f by hand', gradHandView),
      figure('after the update', nextFilterView),
    ),
    formulaBox,
    agreement,
    updateText,
    status,
    plotBox,
  );
  return { element, dispose: stopRun };
}

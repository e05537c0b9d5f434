import type { ExperimentImageKind, MatchingLoss, OptimizerChoice } from '@convkit/gabor';
import { h, select } from '../../lib/controls';
import { formatNumber } from '../../lib/format';
import { createLinePlot } from '../../lib/line-plot';
import type { PageContext } from '../../shell/page';
import type {
  GaborReply,
  GaborRequest,
  LandscapeReply,
  ThetaRunSettings,
} from '../../workers/gabor-protocol';
import { spawnGaborWorker } from '../../workers/spawn';
import { WorkerClient } from '../../workers/worker-scope';
import { createExplanation } from './explanation';
import { numberField, runButtons } from './fields';
import { createLandscapeChart } from './landscape-chart';
import { choiceParam, numberParam } from './params';
import { presetById, THETA_PRESETS } from './presets';
import { thetaVerdict } from './theta-verdict';

const THETA_STAR = Math.PI / 4;
const THETA_0 = -Math.PI / 4;
const IMAGES: ExperimentImageKind[] = ['smoothedNoise', 'natural', 'whiteNoise'];
const IMAGE_LABELS = {
  smoothedNoise: 'smoothed noise',
  natural: 'natural-ish scene',
  whiteNoise: 'white noise',
};
const SPEEDS = { watch: 8, fast: 0 } as const;

/**
 * The θ-recovery experiment: the loss, optimiser, learning rate and schedule chosen on the
 * page, run in a worker, the path drawn on the landscape L(θ) as it grows. Returns the
 * section and a cleanup that ends the worker.
 */
export function thetaExperiment(ctx: PageContext): { element: HTMLElement; dispose(): void } {
  const p = ctx.params;
  const initialPreset = presetById(p.get('preset')) ?? THETA_PRESETS[0];
  const custom = ['loss', 'opt', 'lr', 'mom', 'sched', 'steps'].some((key) => p.has(key));
  const settings: ThetaRunSettings = {
    image: choiceParam(p, 'image', IMAGES, 'smoothedNoise'),
    loss: choiceParam<MatchingLoss>(p, 'loss', ['mse', 'rmse'], initialPreset.loss),
    optimizer: choiceParam<OptimizerChoice>(
      p,
      'opt',
      ['sgd', 'momentum', 'adam'],
      initialPreset.optimizer,
    ),
    lr: numberParam(p, 'lr', initialPreset.lr ?? 0.005),
    momentum: numberParam(p, 'mom', 0.9),
    schedule: choiceParam(p, 'sched', ['constant', 'cosine'], initialPreset.schedule),
    steps: Math.round(numberParam(p, 'steps', initialPreset.steps)),
    theta0: THETA_0,
    delayMs: SPEEDS[choiceParam(p, 'speed', ['watch', 'fast'], 'watch')],
  };
  // A preset whose step is a multiple of 1/h waits for the landscape to know h.
  let pendingLrTimesH = p.has('lr') ? undefined : initialPreset.lrTimesH;
  let landscape: LandscapeReply | null = null;
  let trajectory = { thetas: [] as number[], losses: [] as number[] };
  let runId = 0;
  let frame = 0;

  const result = h(
    'p',
    { class: 'stat', 'data-testid': 'theta-result', 'data-status': 'idle' },
    'Press Run.',
  );
  const hint = h('p', { class: 'figure-caption' }, custom ? '' : initialPreset.shows);
  const stability = h('span', { class: 'figure-caption' });
  const chart = createLandscapeChart();
  const plots = h('div', { class: 'grid-2' });
  const thetaPlot = createLinePlot(plots, {
    title: 'θ over the steps',
    xLabel: 'step',
    yLabel: 'θ (rad)',
  });
  const lossPlot = createLinePlot(plots, {
    title: 'loss over the steps',
    xLabel: 'step',
    yLabel: 'loss',
    logY: true,
  });
  const explanation = createExplanation();

  const lossAt = (mse: number) => (settings.loss === 'rmse' ? Math.sqrt(Math.max(0, mse)) : mse);
  const redraw = () => {
    frame = 0;
    if (landscape) {
      chart.draw({
        thetas: landscape.thetas,
        losses: landscape.losses.map(lossAt),
        target: THETA_STAR,
        start: settings.theta0,
        trajectory,
      });
    }
    const steps = trajectory.thetas.map((_, i) => i);
    thetaPlot.setSeries([
      { name: 'θ', points: trajectory.thetas.map((t, i) => [steps[i], t]) },
      {
        name: 'θ*',
        points:
          steps.length > 0
            ? [
                [0, THETA_STAR],
                [steps.length - 1, THETA_STAR],
              ]
            : [],
      },
    ]);
    lossPlot.setSeries([
      { name: settings.loss.toUpperCase(), points: trajectory.losses.map((l, i) => [i, l]) },
    ]);
  };
  const scheduleRedraw = () => {
    if (frame === 0) frame = requestAnimationFrame(redraw);
  };

  const setStatus = (status: string, text: string, cls = '') => {
    result.dataset.status = status;
    result.className = `stat ${cls}`;
    result.textContent = text;
  };

  const onReply = (reply: GaborReply) => {
    if (reply.type === 'landscape') {
      if (reply.image !== settings.image) return;
      landscape = reply;
      explanation.update(reply);
      stability.textContent = `stable SGD step on MSE: lr < 2/h = ${formatNumber(2 / reply.curvature, 2)}`;
      if (pendingLrTimesH !== undefined) {
        setLr(pendingLrTimesH / reply.curvature);
        pendingLrTimesH = undefined;
      }
      scheduleRedraw();
      return;
    }
    if (reply.type === 'error') {
      buttons.setState('idle');
      setStatus('error', `The experiment failed: ${reply.message}`, 'error');
      return;
    }
    if (reply.id !== runId) return;
    if (reply.type === 'theta-progress') {
      trajectory.thetas.length = reply.start;
      trajectory.losses.length = reply.start;
      trajectory.thetas.push(...reply.thetas);
      trajectory.losses.push(...reply.losses);
      const n = trajectory.thetas.length;
      if (result.dataset.status === 'running') {
        result.textContent = `step ${n - 1} of ${settings.steps}: θ = ${formatNumber(trajectory.thetas[n - 1])}, loss ${formatNumber(trajectory.losses[n - 1])}, lr ${formatNumber(reply.lr)}`;
      }
      scheduleRedraw();
    } else if (reply.type === 'theta-done') {
      buttons.setState('idle');
      const verdict = thetaVerdict(reply.error, trajectory.thetas);
      result.dataset.error = String(reply.error);
      result.dataset.finalTheta = String(reply.finalTheta);
      result.dataset.swing = String(verdict.swing);
      result.dataset.verdict = verdict.kind;
      setStatus(
        reply.stopped ? 'stopped' : 'done',
        `${reply.stopped ? `Stopped after ${reply.steps} steps. ` : ''}${verdict.text} Final θ = ${formatNumber(reply.finalTheta, 6)} (θ* = ${formatNumber(THETA_STAR, 6)}).`,
        verdict.kind === 'converged' ? 'agree' : verdict.kind === 'settling' ? '' : 'disagree',
      );
      scheduleRedraw();
    }
  };
  const client = new WorkerClient<GaborRequest, GaborReply>(
    spawnGaborWorker(),
    onReply,
    (message) => setStatus('error', `The worker failed: ${message}`, 'error'),
  );
  const requestLandscape = () => {
    landscape = null;
    client.post({ type: 'landscape', id: 0, image: settings.image });
  };

  const buttons = runButtons(
    {
      run() {
        runId++;
        trajectory = { thetas: [], losses: [] };
        for (const key of ['error', 'finalTheta', 'swing', 'verdict']) delete result.dataset[key];
        setStatus('running', 'Starting…');
        buttons.setState('running');
        client.post({ type: 'theta', id: runId, settings: { ...settings } });
      },
      pause() {
        client.post({ type: 'pause' });
        buttons.setState('paused');
        result.dataset.status = 'paused';
      },
      resume() {
        client.post({ type: 'resume' });
        buttons.setState('running');
        result.dataset.status = 'running';
      },
      stop() {
        client.post({ type: 'stop' });
      },
    },
    'theta',
  );

  // ---- controls ------------------------------------------------------------------------
  const lossSelect = select(
    'loss',
    [
      { value: 'rmse', label: 'RMSE' },
      { value: 'mse', label: 'MSE' },
    ],
    settings.loss,
    (v) => {
      settings.loss = v as MatchingLoss;
      ctx.setParams({ loss: v, preset: null });
      markCustom();
      scheduleRedraw();
    },
  );
  const optSelect = select(
    'optimiser',
    [
      { value: 'sgd', label: 'SGD' },
      { value: 'momentum', label: 'SGD + momentum' },
      { value: 'adam', label: 'Adam' },
    ],
    settings.optimizer,
    (v) => {
      settings.optimizer = v as OptimizerChoice;
      showMomentum(v === 'momentum');
      ctx.setParams({ opt: v, preset: null });
      markCustom();
    },
  );
  const lrField = numberField(
    'learning rate',
    settings.lr,
    (v) => {
      settings.lr = v;
      ctx.setParams({ lr: String(v), preset: null });
      markCustom();
    },
    { min: 1e-9, testId: 'theta-lr' },
  );
  // A preset's step: shown in the field, not written to the URL (the preset name says it).
  const setLr = (v: number) => {
    settings.lr = Number(v.toPrecision(4));
    lrField.setValue(settings.lr);
  };
  const momentumField = numberField(
    'momentum',
    settings.momentum,
    (v) => {
      settings.momentum = v;
      ctx.setParams({ mom: String(v), preset: null });
      markCustom();
    },
    { min: 0, max: 0.999, width: '4.5em' },
  );
  const showMomentum = (show: boolean) => {
    // `.control` sets display, which would override the hidden attribute.
    momentumField.style.display = show ? '' : 'none';
  };
  showMomentum(settings.optimizer === 'momentum');
  const scheduleSelect = select(
    'schedule',
    [
      { value: 'constant', label: 'constant' },
      { value: 'cosine', label: 'cosine decay to 0' },
    ],
    settings.schedule,
    (v) => {
      settings.schedule = v as 'constant' | 'cosine';
      ctx.setParams({ sched: v, preset: null });
      markCustom();
    },
  );
  const stepsField = numberField(
    'steps',
    settings.steps,
    (v) => {
      settings.steps = Math.round(v);
      ctx.setParams({ steps: String(settings.steps), preset: null });
      markCustom();
    },
    { min: 1, max: 5000, step: 1, width: '5em' },
  );
  const imageSelect = select(
    'image',
    IMAGES.map((value) => ({ value, label: IMAGE_LABELS[value] })),
    settings.image,
    (v) => {
      settings.image = v as ExperimentImageKind;
      ctx.setParams({ image: v });
      requestLandscape();
    },
  );
  const speedSelect = select(
    'speed',
    [
      { value: 'watch', label: 'watch it move' },
      { value: 'fast', label: 'as fast as possible' },
    ],
    settings.delayMs > 0 ? 'watch' : 'fast',
    (v) => {
      settings.delayMs = SPEEDS[v as keyof typeof SPEEDS];
      ctx.setParams({ speed: v });
    },
  );
  const presetSelect = select(
    'preset',
    [
      ...THETA_PRESETS.map((preset) => ({ value: preset.id, label: preset.label })),
      { value: 'custom', label: '(your own settings)' },
    ],
    custom ? 'custom' : initialPreset.id,
    (id) => {
      const preset = presetById(id);
      if (!preset) return;
      settings.loss = preset.loss;
      settings.optimizer = preset.optimizer;
      settings.schedule = preset.schedule;
      settings.steps = preset.steps;
      settings.momentum = 0.9;
      lossSelect.input.value = preset.loss;
      optSelect.input.value = preset.optimizer;
      scheduleSelect.input.value = preset.schedule;
      stepsField.setValue(preset.steps);
      momentumField.setValue(0.9);
      showMomentum(preset.optimizer === 'momentum');
      hint.textContent = preset.shows;
      ctx.setParams({
        preset: id,
        loss: null,
        opt: null,
        lr: null,
        mom: null,
        sched: null,
        steps: null,
      });
      if (preset.lr !== undefined) setLr(preset.lr);
      else if (landscape) setLr((preset.lrTimesH ?? 1) / landscape.curvature);
      else pendingLrTimesH = preset.lrTimesH;
      scheduleRedraw();
    },
  );
  presetSelect.input.dataset.testid = 'theta-preset';
  function markCustom(): void {
    presetSelect.input.value = 'custom';
    hint.textContent = '';
  }

  requestLandscape();
  redraw();

  const element = h(
    'div',
    null,
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Recovering θ: does it converge or cycle?'),
      h(
        'p',
        { class: 'lead' },
        'A target image is made by filtering a 64×64 image with a Gabor at θ* = π/4. A second ' +
          'Gabor, identical except that it starts at θ0 = −π/4, learns θ by gradient descent so ' +
          'that its output matches. Pick a setting, press Run, and watch the path on the loss ' +
          'landscape.',
      ),
      h('div', { class: 'controls' }, presetSelect),
      hint,
      h(
        'div',
        { class: 'controls' },
        lossSelect,
        optSelect,
        lrField,
        momentumField,
        scheduleSelect,
        stepsField,
      ),
      h('div', { class: 'controls' }, imageSelect, speedSelect, buttons.element),
      stability,
      result,
      h(
        'div',
        { class: 'figure' },
        chart.element,
        h(
          'span',
          { class: 'figure-caption' },
          'L(θ) over [−π, π] with the path of θ (darker = later)',
        ),
      ),
      plots,
    ),
    explanation.element,
  );
  return {
    element,
    dispose() {
      if (frame !== 0) cancelAnimationFrame(frame);
      client.terminate();
    },
  };
}

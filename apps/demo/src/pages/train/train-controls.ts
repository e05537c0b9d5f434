import { h, select } from '../../lib/controls';
import type { PageContext } from '../../shell/page';
import { numberField, runButtons } from '../gabor/fields';
import type { PageSettings, VariantChoice } from './settings';

/**
 * The training settings (all kept in the URL) and the Train / Pause / Stop buttons. The
 * settings object is edited in place; `start` reads it.
 */
export function trainControls(
  settings: PageSettings,
  ctx: PageContext,
  handlers: { start(): void; pause(): void; resume(): void; stop(): void },
): { element: HTMLElement; setState(state: 'idle' | 'running' | 'paused'): void } {
  const buttons = runButtons(
    {
      run: handlers.start,
      pause: handlers.pause,
      resume: handlers.resume,
      stop: handlers.stop,
    },
    'train',
  );
  const initSelect = select(
    'free filters start',
    [
      { value: 'he', label: 'He uniform (default)' },
      { value: 'small', label: 'small, N(0, 0.01²)' },
    ],
    settings.firstInit,
    (v) => {
      settings.firstInit = v as PageSettings['firstInit'];
      ctx.setParams({ init: v });
    },
  );
  const element = h(
    'div',
    null,
    h(
      'div',
      { class: 'controls' },
      select(
        'first layer',
        [
          { value: 'both', label: 'both, side by side' },
          { value: 'free', label: 'free 7×7 filters' },
          { value: 'gabor', label: 'GaborConv2d' },
        ],
        settings.variant,
        (v) => {
          settings.variant = v as VariantChoice;
          ctx.setParams({ variant: v });
        },
      ),
      select('filters', ['4', '8', '16'], String(settings.filters), (v) => {
        settings.filters = Number(v);
        ctx.setParams({ filters: v });
      }),
      initSelect,
    ),
    h(
      'div',
      { class: 'controls' },
      numberField(
        'steps',
        settings.steps,
        (v) => {
          settings.steps = Math.round(v);
          ctx.setParams({ steps: String(settings.steps) });
        },
        { min: 1, max: 20000, step: 1, width: '5.5em', testId: 'train-steps' },
      ),
      select('batch', ['16', '32', '64'], String(settings.batchSize), (v) => {
        settings.batchSize = Number(v);
        ctx.setParams({ batch: v });
      }),
      numberField(
        'Adam lr',
        settings.lr,
        (v) => {
          settings.lr = v;
          ctx.setParams({ lr: String(v) });
        },
        { min: 1e-6, max: 1 },
      ),
      numberField(
        'seed',
        settings.seed,
        (v) => {
          settings.seed = Math.round(v);
          ctx.setParams({ seed: String(settings.seed) });
        },
        { min: 0, step: 1, width: '4.5em' },
      ),
      buttons.element,
    ),
  );
  return { element, setState: buttons.setState };
}

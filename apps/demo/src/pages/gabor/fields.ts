import { h } from '../../lib/controls';

export interface NumberField extends HTMLLabelElement {
  input: HTMLInputElement;
  setValue(value: number): void;
}

/**
 * A labelled number input; `onChange` fires with valid values only (finite, within
 * `min`/`max`), so a half-typed "0." never reaches an experiment.
 */
export function numberField(
  label: string,
  value: number,
  onChange: (value: number) => void,
  options: {
    min?: number;
    max?: number;
    step?: number | 'any';
    width?: string;
    testId?: string;
  } = {},
): NumberField {
  const input = h('input', {
    type: 'number',
    step: options.step ?? 'any',
    min: options.min,
    max: options.max,
    inputmode: 'decimal',
    'data-testid': options.testId,
  });
  input.style.width = options.width ?? '6.5em';
  input.value = String(value);
  input.addEventListener('change', () => {
    const next = Number(input.value);
    const valid =
      input.value.trim() !== '' &&
      Number.isFinite(next) &&
      (options.min === undefined || next >= options.min) &&
      (options.max === undefined || next <= options.max);
    input.setCustomValidity(valid ? '' : 'out of range');
    if (valid) onChange(next);
  });
  const wrapper = h(
    'label',
    { class: 'control' },
    h('span', { class: 'control-label' }, label),
    input,
  ) as NumberField;
  wrapper.input = input;
  wrapper.setValue = (next: number) => {
    input.value = String(next);
    input.setCustomValidity('');
  };
  return wrapper;
}

/** Run / pause-resume / stop buttons wired to callbacks, with `setState` to enable the right ones. */
export function runButtons(
  handlers: { run(): void; pause(): void; resume(): void; stop(): void },
  testIdPrefix: string,
): {
  element: HTMLElement;
  setState(state: 'idle' | 'running' | 'paused'): void;
} {
  const run = h('button', { type: 'button', 'data-testid': `${testIdPrefix}-run` }, 'Run');
  const pause = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': `${testIdPrefix}-pause` },
    'Pause',
  );
  const stop = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': `${testIdPrefix}-stop` },
    'Stop',
  );
  let state: 'idle' | 'running' | 'paused' = 'idle';
  run.addEventListener('click', () => handlers.run());
  pause.addEventListener('click', () =>
    state === 'paused' ? handlers.resume() : handlers.pause(),
  );
  stop.addEventListener('click', () => handlers.stop());
  const setState = (next: typeof state) => {
    state = next;
    pause.textContent = next === 'paused' ? 'Resume' : 'Pause';
    pause.disabled = next === 'idle';
    stop.disabled = next === 'idle';
    run.textContent = next === 'idle' ? 'Run' : 'Restart';
  };
  setState('idle');
  return { element: h('span', { class: 'row' }, run, pause, stop), setState };
}

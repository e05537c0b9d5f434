/**
 * Small DOM helpers for the demo's controls. Each returns the element to insert; none keeps
 * global state.
 *
 * - `slider(label, { min, max, step, value }, onInput)` → a labelled range input with its
 *   value printed beside it; `onInput(value)` fires while dragging. The returned element has
 *   `.input` (the `<input type=range>`) and `setValue(v)` (sets without firing).
 * - `select(label, options, value, onChange)` → a labelled `<select>`; `options` are
 *   `{ value, label }` pairs or plain strings. Returns the wrapper with `.input`.
 * - `checkbox(label, checked, onChange)` → a labelled checkbox, wrapper with `.input`.
 * - `button(label, onClick)` → a `<button type=button>`.
 * - `numberGrid(rows, cols, values, onChange)` → a table of number inputs for a small
 *   matrix (row-major `values`); `onChange(values)` gets a fresh array after any edit.
 *   The returned element has `setValues(values)` to refresh it without firing.
 * - `h(tag, attrs, ...children)` → creates an element with attributes and children, the
 *   one-liner every page uses to build its layout.
 */

type Child = Node | string | null | undefined | false;

/** Creates an element: `h('p', { class: 'note' }, 'text', otherNode)`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string | number | boolean | undefined> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === false) continue;
    node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

export interface SliderElement extends HTMLLabelElement {
  input: HTMLInputElement;
  setValue(value: number): void;
}

/** A labelled range input that prints its current value. */
export function slider(
  label: string,
  range: { min: number; max: number; step: number; value: number; format?: (v: number) => string },
  onInput: (value: number) => void,
): SliderElement {
  const format = range.format ?? ((v: number) => String(v));
  const input = h('input', { type: 'range', min: range.min, max: range.max, step: range.step });
  input.value = String(range.value);
  const output = h('output', null, format(range.value));
  const wrapper = h(
    'label',
    { class: 'control slider' },
    h('span', { class: 'control-label' }, label),
    input,
    output,
  ) as SliderElement;
  input.addEventListener('input', () => {
    const value = Number(input.value);
    output.textContent = format(value);
    onInput(value);
  });
  wrapper.input = input;
  wrapper.setValue = (value: number) => {
    input.value = String(value);
    output.textContent = format(value);
  };
  return wrapper;
}

export interface SelectElement extends HTMLLabelElement {
  input: HTMLSelectElement;
}

/** A labelled drop-down. */
export function select(
  label: string,
  options: ReadonlyArray<string | { value: string; label: string }>,
  value: string,
  onChange: (value: string) => void,
): SelectElement {
  const input = h('select');
  for (const option of options) {
    const { value: v, label: text } =
      typeof option === 'string' ? { value: option, label: option } : option;
    input.append(h('option', { value: v }, text));
  }
  input.value = value;
  input.addEventListener('change', () => onChange(input.value));
  const wrapper = h(
    'label',
    { class: 'control select' },
    h('span', { class: 'control-label' }, label),
    input,
  ) as SelectElement;
  wrapper.input = input;
  return wrapper;
}

export interface CheckboxElement extends HTMLLabelElement {
  input: HTMLInputElement;
}

/** A labelled checkbox. */
export function checkbox(
  label: string,
  checked: boolean,
  onChange: (checked: boolean) => void,
): CheckboxElement {
  const input = h('input', { type: 'checkbox' });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  const wrapper = h(
    'label',
    { class: 'control checkbox' },
    input,
    h('span', { class: 'control-label' }, label),
  ) as CheckboxElement;
  wrapper.input = input;
  return wrapper;
}

/** A plain button. */
export function button(label: string, onClick: () => void): HTMLButtonElement {
  const node = h('button', { type: 'button' }, label);
  node.addEventListener('click', onClick);
  return node;
}

export interface NumberGridElement extends HTMLTableElement {
  setValues(values: ArrayLike<number>): void;
  inputs: HTMLInputElement[];
}

/** An editable rows × cols matrix of number inputs (row-major values). */
export function numberGrid(
  rows: number,
  cols: number,
  values: ArrayLike<number>,
  onChange: (values: number[]) => void,
  options?: { step?: number; label?: string },
): NumberGridElement {
  const inputs: HTMLInputElement[] = [];
  const table = h('table', { class: 'number-grid' }) as NumberGridElement;
  if (options?.label) table.setAttribute('aria-label', options.label);
  const current = Array.from({ length: rows * cols }, (_, i) => Number(values[i] ?? 0));
  for (let r = 0; r < rows; r++) {
    const tr = h('tr');
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const input = h('input', {
        type: 'number',
        step: options?.step ?? 'any',
        inputmode: 'decimal',
      });
      input.value = String(current[i]);
      input.setAttribute('aria-label', `${options?.label ?? 'value'} row ${r + 1} column ${c + 1}`);
      input.addEventListener('input', () => {
        const parsed = Number(input.value);
        if (input.value.trim() === '' || !Number.isFinite(parsed)) return;
        current[i] = parsed;
        onChange(current.slice());
      });
      inputs.push(input);
      tr.append(h('td', null, input));
    }
    table.append(tr);
  }
  table.inputs = inputs;
  table.setValues = (next) => {
    for (let i = 0; i < rows * cols; i++) {
      current[i] = Number(next[i]);
      inputs[i].value = String(current[i]);
    }
  };
  return table;
}

import { formatShape, Tensor } from '@convkit/tensor';

/** A short description of any value for error messages: tensors by shape and dtype. */
export function describe(value: unknown): string {
  if (value instanceof Tensor) return `${value.dtype} tensor of shape ${formatShape(value.shape)}`;
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name}(${(value as Float64Array).length})`;
  if (value !== null && typeof value === 'object') {
    const name = value.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return String(value);
}

import { defineOp, formatShape, Tensor } from '@convkit/tensor';

// An example op to replace with yours: a per-channel scale and shift of [N, C, …] input,
// y[n, c, …] = x[n, c, …]·scale[c] + shift[c]. It is written as one fused op so that
// forward and backward sit side by side: forward computes on typed arrays and returns what
// backward needs; backward returns one gradient per tensor input, in argument order, `null`
// where an input needs none. The engine records the graph, sums broadcast gradients and
// accumulates fan-out, so the op does none of that.

/** What forward keeps for backward, named for what it is. */
interface LayerTemplateSaved {
  x: Tensor;
  scale: Tensor;
  shift: Tensor;
  /** Elements per (image, channel) plane: the product of the dimensions after C. */
  plane: number;
}

function allocate(like: Tensor, size: number): Float32Array | Float64Array {
  return like.dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** `values` in a new tensor of `like`'s dtype and shape (float32 rounds once here). */
function rounded(like: Tensor, values: Float64Array): Tensor {
  const data = allocate(like, values.length);
  data.set(values);
  return new Tensor(data, like.shape);
}

const layerTemplateOp = defineOp({
  name: 'layerTemplate',
  forward(x: Tensor, scale: Tensor, shift: Tensor) {
    const channels = scale.size;
    const plane = x.shape.slice(2).reduce((a, b) => a * b, 1);
    const out = allocate(x, x.size);
    for (let start = 0, c = 0; start < x.size; start += plane, c = (c + 1) % channels) {
      const s = scale.data[c];
      const t = shift.data[c];
      for (let i = start; i < start + plane; i++) out[i] = x.data[i] * s + t;
    }
    return { out: new Tensor(out, x.shape), saved: { x, scale, shift, plane } };
  },
  backward(dOut, { x, scale, shift, plane }: LayerTemplateSaved) {
    const channels = scale.size;
    const dx = x.requiresGrad ? allocate(x, x.size) : null;
    // Per-channel sums accumulate in float64 and are rounded once.
    const dScale = new Float64Array(channels);
    const dShift = new Float64Array(channels);
    for (let start = 0, c = 0; start < x.size; start += plane, c = (c + 1) % channels) {
      const s = scale.data[c];
      for (let i = start; i < start + plane; i++) {
        const g = dOut.data[i];
        if (dx !== null) dx[i] = g * s;
        dScale[c] += g * x.data[i];
        dShift[c] += g;
      }
    }
    return [
      dx && new Tensor(dx, x.shape),
      scale.requiresGrad ? rounded(scale, dScale) : null,
      shift.requiresGrad ? rounded(shift, dShift) : null,
    ];
  },
});

/**
 * Scales and shifts each channel: x [N, C, …] (any number of trailing dimensions),
 * scale [C], shift [C] → [N, C, …] with y[n, c, …] = x[n, c, …]·scale[c] + shift[c].
 * All three inputs must share one float dtype.
 * @example
 * layerTemplate(randn([8, 3, 16, 16]), ones([3]), zeros([3])); // [8, 3, 16, 16]
 */
export function layerTemplate(x: Tensor, scale: Tensor, shift: Tensor): Tensor {
  const op = 'layerTemplate';
  for (const [arg, t] of [
    ['x', x],
    ['scale', scale],
    ['shift', shift],
  ] as const) {
    if (!(t instanceof Tensor))
      throw new TypeError(`${op}: ${arg} must be a Tensor, got ${typeof t}`);
    if (t.dtype !== 'float32' && t.dtype !== 'float64') {
      throw new TypeError(`${op}: ${arg} must be float32 or float64, got ${t.dtype}`);
    }
  }
  if (x.rank < 2) throw new RangeError(`${op}: x must be [N, C, …], got ${formatShape(x.shape)}`);
  const channels = x.shape[1];
  for (const [arg, t] of [
    ['scale', scale],
    ['shift', shift],
  ] as const) {
    if (t.rank !== 1 || t.shape[0] !== channels) {
      throw new RangeError(
        `${op}: ${arg} must be [${channels}] for x ${formatShape(x.shape)}, got ${formatShape(t.shape)}`,
      );
    }
    if (t.dtype !== x.dtype)
      throw new TypeError(`${op}: ${arg} must be ${x.dtype} like x, got ${t.dtype}`);
  }
  return layerTemplateOp(x, scale, shift);
}

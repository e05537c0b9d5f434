import { defineOp, formatShape, gemm, type MatrixView, Tensor } from '@convkit/tensor';
import { allocate, expectFloat, expectSameDType } from './internal/args';

// A 1×1 convolution is one matrix product per image: out_n [O, P] = W [O, C] · x_n [C, P],
// with P = H·W positions, on NCHW storage as it lies. conv2d would first copy the input
// into an im2col matrix (for a 1×1 kernel, the same numbers) and copy the result back;
// here the GEMM reads and writes the tensors in place, and the backward products read
// transposes through swapped strides instead of transposed copies.

interface PointwiseSaved {
  x: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  /** Images in the batch (1 for unbatched input). */
  batch: number;
  /** Positions per image, H·W. */
  plane: number;
}

/** A row-major [rows, cols] matrix starting at `offset`, or its transpose. */
function view(
  data: MatrixView['data'],
  offset: number,
  cols: number,
  transposed = false,
): MatrixView {
  return transposed
    ? { data, offset, rowStride: 1, colStride: cols }
    : { data, offset, rowStride: cols, colStride: 1 };
}

const pointwiseConv2dOp = defineOp({
  name: 'pointwiseConv2d',
  forward(x: Tensor, weight: Tensor, bias: Tensor | null) {
    const [outC, inC] = weight.shape;
    const batch = x.rank === 4 ? x.shape[0] : 1;
    const plane = x.shape[x.rank - 2] * x.shape[x.rank - 1];
    const out = allocate(x.dtype, batch * outC * plane);
    for (let n = 0; n < batch; n++) {
      gemm(
        outC,
        plane,
        inC,
        view(weight.data, 0, inC),
        view(x.data, n * inC * plane, plane),
        view(out, n * outC * plane, plane),
        false,
      );
    }
    if (bias !== null) {
      for (let row = 0; row < batch * outC; row++) {
        const b = bias.data[row % outC];
        for (let i = row * plane; i < (row + 1) * plane; i++) out[i] += b;
      }
    }
    const shape = x.rank === 4 ? [batch, outC, ...x.shape.slice(2)] : [outC, ...x.shape.slice(1)];
    return { out: new Tensor(out, shape), saved: { x, weight, bias, batch, plane } };
  },
  backward(dOut, { x, weight, bias, batch, plane }: PointwiseSaved) {
    const [outC, inC] = weight.shape;
    const g = dOut.data;
    let dx: Tensor | null = null;
    if (x.requiresGrad) {
      // dx_n [C, P] = Wᵀ [C, O] · dOut_n [O, P]
      const data = allocate(x.dtype, x.size);
      for (let n = 0; n < batch; n++) {
        gemm(
          inC,
          plane,
          outC,
          view(weight.data, 0, inC, true),
          view(g, n * outC * plane, plane),
          view(data, n * inC * plane, plane),
          false,
        );
      }
      dx = new Tensor(data, x.shape);
    }
    let dw: Tensor | null = null;
    if (weight.requiresGrad) {
      // dW [O, C] = Σ_n dOut_n [O, P] · x_nᵀ [P, C], accumulated in the weight's dtype so
      // that float32 stays on the fast (WebAssembly) GEMM path when the backend has one.
      const data = allocate(weight.dtype, outC * inC);
      for (let n = 0; n < batch; n++) {
        gemm(
          outC,
          inC,
          plane,
          view(g, n * outC * plane, plane),
          view(x.data, n * inC * plane, plane, true),
          view(data, 0, inC),
          n > 0,
        );
      }
      dw = new Tensor(data, weight.shape);
    }
    if (bias === null) return [dx, dw];
    let db: Tensor | null = null;
    if (bias.requiresGrad) {
      const acc = new Float64Array(outC);
      for (let row = 0; row < batch * outC; row++) {
        let s = 0;
        for (let i = row * plane; i < (row + 1) * plane; i++) s += g[i];
        acc[row % outC] += s;
      }
      const data = allocate(bias.dtype, outC);
      data.set(acc);
      db = new Tensor(data, bias.shape);
    }
    return [dx, dw, db];
  },
});

/**
 * 1×1 convolution (channel mixing at every position) with PyTorch's layout: input
 * [N, C, H, W] (or unbatched [C, H, W]), weight [outC, C, 1, 1], bias [outC] →
 * [N, outC, H, W] with out[n, o, y, x] = bias[o] + Σ_c weight[o, c, 0, 0] · in[n, c, y, x].
 * The same result as `conv2d` with a 1×1 kernel, computed as one GEMM per image on the
 * tensors in place (no im2col copy).
 * @example
 * pointwiseConv2d(randn([8, 32, 16, 16]), randn([64, 32, 1, 1])); // [8, 64, 16, 16]
 */
export function pointwiseConv2d(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const op = 'pointwiseConv2d';
  expectFloat(x, op, 'x');
  expectFloat(weight, op, 'weight');
  if (x.rank !== 4 && x.rank !== 3) {
    throw new RangeError(
      `${op}: x must be [N, C, H, W] (or unbatched [C, H, W]), got ${formatShape(x.shape)}`,
    );
  }
  const channels = x.shape[x.rank - 3];
  const [outC, inC, kH, kW] = weight.shape;
  if (weight.rank !== 4 || inC !== channels || kH !== 1 || kW !== 1) {
    throw new RangeError(
      `${op}: weight must be [outC, ${channels}, 1, 1] for x ${formatShape(x.shape)}, got ${formatShape(weight.shape)}`,
    );
  }
  expectSameDType(x, weight, op, 'weight');
  let b: Tensor | null = null;
  if (bias !== undefined && bias !== null) {
    b = expectFloat(bias, op, 'bias');
    if (b.rank !== 1 || b.shape[0] !== outC) {
      throw new RangeError(`${op}: bias must be [${outC}], got ${formatShape(b.shape)}`);
    }
    expectSameDType(x, b, op, 'bias');
  }
  return pointwiseConv2dOp(x, weight, b);
}

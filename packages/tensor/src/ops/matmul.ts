import { defineOp } from '../autograd/define-op';
import { allocate, promoteTypes, type TypedArray } from '../dtype';
import { gemm, type MatrixView } from '../internal/gemm';
import { expectTensor } from '../internal/operands';
import { broadcastStrides, formatShape, type Shape, sizeOf } from '../shape';
import { Tensor } from '../tensor';

/** How two operands line up: batch shape and matrix sizes after promoting 1-D operands. */
interface MatmulPlan {
  /** Broadcast batch shape of the output. */
  batch: number[];
  m: number;
  k: number;
  n: number;
  /** Batch strides (in elements) of each operand over `batch`, 0 where it is broadcast. */
  aBatchStrides: number[];
  bBatchStrides: number[];
  /** True when A covers the whole batch and B is shared: the batch folds into m. */
  foldable: boolean;
  outShape: number[];
}

const matmulOp = defineOp({
  name: 'matmul',
  forward(a: Tensor, b: Tensor, plan: MatmulPlan) {
    const { batch, m, k, n } = plan;
    const out = allocate(a.dtype, sizeOf(batch) * m * n);
    if (plan.foldable) {
      gemm(sizeOf(batch) * m, n, k, view(a.data, k, 1), view(b.data, n, 1), view(out, n, 1), false);
    } else {
      const aOp = operand(a.data, plan.aBatchStrides, k, 1);
      const bOp = operand(b.data, plan.bBatchStrides, n, 1);
      const cOp = operand(out, contiguousBatchStrides(batch, m * n), n, 1);
      batchedGemm(batch, m, n, k, aOp, bOp, cOp);
    }
    return { out: new Tensor(out, plan.outShape), saved: { a, b, plan } };
  },
  backward(dOut, { a, b, plan }) {
    const { batch, m, k, n } = plan;
    const g = operand(dOut.data, contiguousBatchStrides(batch, m * n), n, 1);
    let dA: Tensor | null = null;
    let dB: Tensor | null = null;
    // Gradients are summed over broadcast batch entries right here (gemm accumulates into
    // the shared slot), so each comes back in its input's shape without a broadcast copy.
    if (a.requiresGrad) {
      const data = allocate(a.dtype, a.size);
      // dA = dOut·Bᵀ: B [k, n] read with swapped strides as [n, k].
      if (plan.foldable) {
        gemm(sizeOf(batch) * m, k, n, g, view(b.data, 1, n), view(data, k, 1), false);
      } else {
        const bT = operand(b.data, plan.bBatchStrides, 1, n);
        batchedGemm(batch, m, k, n, g, bT, operand(data, plan.aBatchStrides, k, 1));
      }
      dA = new Tensor(data, a.shape);
    }
    if (b.requiresGrad) {
      const data = allocate(b.dtype, b.size);
      // dB = Aᵀ·dOut: A [m, k] read as [k, m]. Folded, the batch joins the inner dimension.
      if (plan.foldable) {
        gemm(k, n, sizeOf(batch) * m, view(a.data, 1, k), g, view(data, n, 1), false);
      } else {
        const aT = operand(a.data, plan.aBatchStrides, 1, k);
        batchedGemm(batch, k, n, m, aT, g, operand(data, plan.bBatchStrides, n, 1));
      }
      dB = new Tensor(data, b.shape);
    }
    return [dA, dB];
  },
});

/**
 * Matrix product with `torch.matmul` semantics: 1-D·1-D is a dot product (a scalar);
 * 2-D·2-D is the matrix product `[m, k]·[k, n] → [m, n]`; a 1-D first operand is treated as
 * `[1, k]` and a 1-D second operand as `[k, 1]`, and the added dimension is removed from
 * the result; with more dimensions, everything before the last two is a batch that
 * broadcasts, e.g. `[j, 1, m, k]·[l, k, n] → [j, l, m, n]`. Float32 and float64 must not be
 * mixed; int32 promotes to the float operand's dtype. Backward: dA = dOut·Bᵀ, dB = Aᵀ·dOut.
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])); // [[17], [39]]
 * matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));          // 32 (shape [])
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, 'matmul', 'a');
  expectTensor(b, 'matmul', 'b');
  const dtype = promoteTypes(a.dtype, b.dtype, 'matmul');
  const plan = planMatmul(a.shape, b.shape);
  return matmulOp(a.to(dtype), b.to(dtype), plan);
}

function planMatmul(aShape: Shape, bShape: Shape): MatmulPlan {
  const shapes = `${formatShape(aShape)} and ${formatShape(bShape)}`;
  if (aShape.length === 0 || bShape.length === 0) {
    throw new RangeError(`matmul: both operands must have at least 1 dimension, got ${shapes}`);
  }
  const a2 = aShape.length === 1 ? [1, aShape[0]] : aShape;
  const b2 = bShape.length === 1 ? [bShape[0], 1] : bShape;
  const [m, k] = a2.slice(-2);
  const [kb, n] = b2.slice(-2);
  if (k !== kb) throw new RangeError(`matmul: inner dimensions must match, got ${shapes}`);
  const aBatch = a2.slice(0, -2);
  const bBatch = b2.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = aBatch[aBatch.length - rank + i] ?? 1;
    const db = bBatch[bBatch.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`matmul: batch dimensions must broadcast, got ${shapes}`);
    }
    batch.push(da === 1 ? db : da);
  }
  const outShape = [...batch];
  if (aShape.length > 1) outShape.push(m);
  if (bShape.length > 1) outShape.push(n);
  return {
    batch,
    m,
    k,
    n,
    aBatchStrides: broadcastStrides(aBatch, batch).map((s) => s * m * k),
    bBatchStrides: broadcastStrides(bBatch, batch).map((s) => s * k * n),
    foldable: sizeOf(bBatch) === 1 && sizeOf(aBatch) === sizeOf(batch),
    outShape,
  };
}

/** A matrix operand repeated over the batch: `batchStrides` step between matrices. */
interface BatchedOperand extends MatrixView {
  batchStrides: readonly number[];
}

function view(data: TypedArray, rowStride: number, colStride: number): MatrixView {
  return { data, offset: 0, rowStride, colStride };
}

function operand(
  data: TypedArray,
  batchStrides: readonly number[],
  rowStride: number,
  colStride: number,
): BatchedOperand {
  return { data, offset: 0, rowStride, colStride, batchStrides };
}

function contiguousBatchStrides(batch: Shape, matrixSize: number): number[] {
  const strides = new Array<number>(batch.length);
  let stride = matrixSize;
  for (let i = batch.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= batch[i];
  }
  return strides;
}

/**
 * One gemm per entry of `batch`: C[idx] += A[idx]·B[idx], each operand advancing by its
 * batch strides. C must start zeroed; a C batch stride of 0 sums every product into one
 * matrix, which is how broadcast inputs get their gradients.
 */
function batchedGemm(
  batch: Shape,
  m: number,
  n: number,
  k: number,
  a: BatchedOperand,
  b: BatchedOperand,
  c: BatchedOperand,
): void {
  const operands = [a, b, c];
  for (const o of operands) o.offset = 0;
  const count = sizeOf(batch);
  const index = new Array<number>(batch.length).fill(0);
  for (let e = 0; e < count; e++) {
    gemm(m, n, k, a, b, c, true);
    for (let d = batch.length - 1; d >= 0; d--) {
      index[d]++;
      for (const o of operands) o.offset += o.batchStrides[d];
      if (index[d] < batch[d]) break;
      for (const o of operands) o.offset -= o.batchStrides[d] * batch[d];
      index[d] = 0;
    }
  }
}

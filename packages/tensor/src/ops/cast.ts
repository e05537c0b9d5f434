import { defineOp } from '../autograd/define-op';
import { allocate, assertDType, type DType } from '../dtype';
import { expectTensor } from '../internal/operands';
import { Tensor } from '../tensor';

const castOp = defineOp({
  name: 'cast',
  forward(x: Tensor, dtype: DType) {
    const out = allocate(dtype, x.size);
    if (dtype === 'int32') {
      // Truncation toward zero, as PyTorch's .to(torch.int32).
      for (let i = 0; i < out.length; i++) out[i] = Math.trunc(x.data[i]);
    } else {
      out.set(x.data);
    }
    return { out: new Tensor(out, x.shape), saved: { dtype: x.dtype } };
  },
  backward(dOut, { dtype }) {
    return [dtype === 'int32' ? null : cast(dOut, dtype)];
  },
});

/** Converts `x` to `dtype`; returns `x` itself when it already has that dtype. */
export function cast(x: Tensor, dtype: DType): Tensor {
  expectTensor(x, 'cast', 'x');
  assertDType(dtype, 'cast');
  return x.dtype === dtype ? x : castOp(x, dtype);
}

const cloneOp = defineOp({
  name: 'clone',
  forward(x: Tensor) {
    return { out: new Tensor(x.data.slice(), x.shape) };
  },
  backward(dOut) {
    return [dOut];
  },
});

/** A copy of `x` with its own storage; gradients flow through it unchanged. */
export function clone(x: Tensor): Tensor {
  return cloneOp(expectTensor(x, 'clone', 'x'));
}

import { type Tensor, tensor } from '@convkit/tensor';
import * as tf from '@tensorflow/tfjs';

// For the TensorFlow.js oracle tests only: TF.js works in NHWC with HWIO filters, convkit
// (like PyTorch) in NCHW with OIHW weights; these move data between the two layouts.

/** A convkit tensor, its axes reordered by `perm`, as a float32 TF.js tensor. */
export function toTf(t: Tensor, perm?: number[]): tf.Tensor {
  const moved = perm === undefined ? t : t.permute(perm);
  return tf.tensor(Array.from(moved.data), [...moved.shape], 'float32');
}

/** NCHW → NHWC. */
export const nhwc = (t: Tensor) => toTf(t, [0, 2, 3, 1]) as tf.Tensor4D;

/** A TF.js tensor back as a float64 convkit tensor, with its axes reordered by `perm`. */
export function fromTf(t: tf.Tensor, perm?: number[]): Tensor {
  const back = tensor(Array.from(t.dataSync()), { shape: t.shape, dtype: 'float64' });
  return perm === undefined ? back : back.permute(perm);
}

/** NHWC → NCHW. */
export const nchw = (t: tf.Tensor) => fromTf(t, [0, 3, 1, 2]);

/** The gradients of Σ f(inputs)·r with respect to every input, computed by TF.js. */
export function tfGrads(
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  r: tf.Tensor,
): tf.Tensor[] {
  return tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(f(...args), r)))(inputs);
}

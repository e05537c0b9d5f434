// tensor.ts and the op modules import each other (Tensor's methods call the ops, the ops
// build Tensors). Evaluating tensor.ts first lets each op module run to completion before
// another one calls into it, which loaders that wrap functions at load time need (esbuild's
// keepNames under tsx fails with "__name is not a function" otherwise).
import './tensor';

export { AnomalyError, detectAnomaly, isAnomalyDetectionEnabled } from './autograd/anomaly';
export type { BackwardOptions } from './autograd/backward';
export type { Op, OpDefinition, OpForwardResult } from './autograd/define-op';
export { defineOp } from './autograd/define-op';
export { isGradEnabled, noGrad, withGradMode } from './autograd/grad-mode';
export type { GradNode, InputGrads } from './autograd/node';
export type { FromDataOptions, RandomOptions, TensorOptions } from './creation';
export {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  tensor,
  zeros,
  zerosLike,
} from './creation';
export type { DType, FloatDType, TypedArray } from './dtype';
export { promoteTypes } from './dtype';
export type { MatrixView } from './internal/gemm';
// Kernels for op authors: strided GEMM (transposes are views through swapped strides).
export { gemm } from './internal/gemm';
export type { KernelBackend } from './kernels/backend';
export {
  getKernelBackend,
  getKernelThreads,
  setKernelBackend,
  setKernelThreads,
} from './kernels/backend';
export { add, div, mul, neg, pow, sub } from './ops/arithmetic';
export { cast, clone } from './ops/cast';
export { clamp, eq, ge, gt, le, lt, maximum, minimum, ne, where } from './ops/compare';
export { concat, stack } from './ops/concat';
export { broadcastTo, expand } from './ops/expand';
export { matmul } from './ops/matmul';
export type { PadMode, PadOptions } from './ops/pad';
export { pad } from './ops/pad';
export type { Axes, ReduceOptions, VarianceOptions } from './ops/reduce';
export {
  argmax,
  argmin,
  logsumexp,
  max,
  mean,
  min,
  std,
  sum,
  variance,
} from './ops/reduce';
export { flatten, reshape, squeeze, unsqueeze } from './ops/reshape';
export { narrow, slice } from './ops/slice';
export { logSoftmax, softmax } from './ops/softmax';
export { sumToShape } from './ops/sum-to-shape';
export { permute, transpose } from './ops/transpose';
export { abs, cos, exp, log, relu, sigmoid, sin, sqrt, square, tanh } from './ops/unary-math';
export { createRng, defaultRng, manualSeed, Rng } from './random';
export type { Shape } from './shape';
export { broadcastShapes, formatShape, normalizeAxis, sizeOf, stridesOf } from './shape';
export type { NestedArray, TensorLike } from './tensor';
export { Tensor } from './tensor';

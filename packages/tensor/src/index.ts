export { Tensor } from './tensor';
export type { NestedArray, TensorLike } from './tensor';
export type { DType, FloatDType, TypedArray } from './dtype';
export { promoteTypes } from './dtype';
export type { Shape } from './shape';
export { broadcastShapes, formatShape, sizeOf, stridesOf, normalizeAxis } from './shape';
export { Rng, createRng, defaultRng, manualSeed } from './random';
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
export type { FromDataOptions, RandomOptions, TensorOptions } from './creation';

export { defineOp } from './autograd/define-op';
export type { Op, OpDefinition, OpForwardResult } from './autograd/define-op';
export type { GradNode, InputGrads } from './autograd/node';
export type { BackwardOptions } from './autograd/backward';
export { isGradEnabled, noGrad, withGradMode } from './autograd/grad-mode';
export { AnomalyError, detectAnomaly, isAnomalyDetectionEnabled } from './autograd/anomaly';

export { add, div, mul, neg, pow, sub } from './ops/arithmetic';
export { abs, cos, exp, log, relu, sigmoid, sin, sqrt, square, tanh } from './ops/unary-math';
export { clamp, eq, ge, gt, le, lt, maximum, minimum, ne, where } from './ops/compare';
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
export type { ReduceOptions, VarianceOptions } from './ops/reduce';
export { matmul } from './ops/matmul';
export { flatten, reshape, squeeze, unsqueeze } from './ops/reshape';
export { permute, transpose } from './ops/transpose';
export { broadcastTo, expand } from './ops/expand';
export { sumToShape } from './ops/sum-to-shape';
export { narrow, slice } from './ops/slice';
export { concat, stack } from './ops/concat';
export { pad } from './ops/pad';
export type { PadMode, PadOptions } from './ops/pad';
export { logSoftmax, softmax } from './ops/softmax';
export { cast, clone } from './ops/cast';

// Kernels for op authors: strided GEMM (transposes are views through swapped strides).
export { gemm } from './internal/gemm';
export type { MatrixView } from './internal/gemm';

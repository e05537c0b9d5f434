export type { ParameterInitOptions } from './internal/init-parameter';
export type { PointwiseConv2dLayerOptions } from './pointwise-conv2d';
export { PointwiseConv2d } from './pointwise-conv2d';
export { pointwiseConv2d } from './pointwise-conv2d-op';
export type { SeparableConv2dLayerOptions } from './separable-conv2d';
export { SeparableConv2d } from './separable-conv2d';
export type { SeparableConv2dOptions } from './separable-conv2d-op';
export { separableConv2d } from './separable-conv2d-op';

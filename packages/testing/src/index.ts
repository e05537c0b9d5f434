export type { ShapeConstraints, TensorArbOptions } from './arbitraries';
export { broadcastableShapesArb, shapeArb, shapedTensorArb, tensorArb } from './arbitraries';
export type { CheckGradientsOptions, GradientMismatch } from './check-gradients';
export { checkGradients } from './check-gradients';
export type {
  CheckParametersLearnOptions,
  LearnableModule,
  ParametersLearnReport,
} from './check-parameters-learn';
export { checkParametersLearn } from './check-parameters-learn';
export type { ConvConfig, ConvConfigConstraints } from './conv-config';
export { convConfigArb } from './conv-config';
export type { TensorMatchers, Tolerance } from './expect-close';
export { compareTensors, expectClose, tensorMatchers } from './expect-close';

export { checkGradients } from './check-gradients';
export type { CheckGradientsOptions, GradientMismatch } from './check-gradients';
export { compareTensors, expectClose, tensorMatchers } from './expect-close';
export type { Tolerance } from './expect-close';
export { broadcastableShapesArb, shapeArb, shapedTensorArb, tensorArb } from './arbitraries';
export type { ShapeConstraints, TensorArbOptions } from './arbitraries';
export { checkParametersLearn } from './check-parameters-learn';
export type {
  CheckParametersLearnOptions,
  LearnableModule,
  ParametersLearnReport,
} from './check-parameters-learn';

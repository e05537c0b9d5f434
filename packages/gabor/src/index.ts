export type { MatchingLoss } from './experiments/filter-matching';
export { FilterMatching } from './experiments/filter-matching';
export type { ExperimentImageKind, ExperimentImageOptions } from './experiments/images';
export { experimentImage } from './experiments/images';
export type {
  JointRecipe,
  JointRecoveryOptions,
  JointRecoveryResult,
} from './experiments/joint-recovery';
export { GENERIC_START, randomGabor, recoverGabor } from './experiments/joint-recovery';
export type {
  LandscapeSummary,
  OptimizerChoice,
  RecoverThetaOptions,
  ThetaProblem,
  ThetaTrajectory,
} from './experiments/theta-recovery';
export {
  kernelOf,
  REFERENCE_TARGET,
  recoverTheta,
  thetaLandscape,
  thetaLoss,
} from './experiments/theta-recovery';
export type { GaborBankOptions } from './filter-bank';
export { gaborBank, ONE_OCTAVE_SIGMA_PER_LAMBDA, randomGaborParams } from './filter-bank';
export type { FitGaborOptions, GaborFit, GaborLikenessOptions } from './fit-gabor';
export { fitGabor, gaborLikeness } from './fit-gabor';
export type { GaborConv2dOptions, GaborInitValues, GaborParamName } from './gabor-conv2d';
export { GaborConv2d } from './gabor-conv2d';
export type { GaborParams } from './gabor-kernel';
export { gaborKernel, MIN_GABOR_SCALE } from './gabor-kernel';
export type { GaborScalars } from './internal/gabor-sample';
export { canonicalGabor, thetaPeriod, wrapTheta } from './theta';

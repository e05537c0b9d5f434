export { constant, ones, zeros } from './constant';
export type { DescribeInitOptions, InitRow } from './describe-init';
export { describeInit, formatInitTable } from './describe-init';
export { dirac } from './dirac';
export type { FanLayout, Fans } from './fans';
export { computeFans } from './fans';
export type { FilterDiversity } from './filter-diversity';
export { filterDiversity } from './filter-diversity';
export { calculateGain } from './gain';
export { glorotNormal, glorotUniform } from './glorot';
export type { HeOptions } from './he';
export { heNormal, heUniform } from './he';
export { initialize } from './initialize';
export { lecunNormal, lecunUniform } from './lecun';
export { normal, truncatedNormal } from './normal';
export { orthogonal } from './orthogonal';
export { sparse } from './sparse';
export type {
  DescribedInitializer,
  FanMode,
  InitDescription,
  Initializer,
  InitOptions,
  Nonlinearity,
} from './types';
export { uniform } from './uniform';
export type {
  VarianceScalingDistribution,
  VarianceScalingMode,
  VarianceScalingOptions,
} from './variance-scaling';
export { TRUNCATED_NORMAL_STD_FACTOR, varianceScaling } from './variance-scaling';

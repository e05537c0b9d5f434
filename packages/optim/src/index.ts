export type { AdadeltaOptions, AdadeltaState } from './adadelta';
export { Adadelta, adadeltaUpdate } from './adadelta';
export type { AdagradOptions, AdagradState } from './adagrad';
export { Adagrad, adagradUpdate } from './adagrad';
export type { AdamOptions, AdamState } from './adam';
export { Adam, adamInitState, adamUpdate } from './adam';
export type { AdamaxOptions, AdamaxState } from './adamax';
export { Adamax, adamaxUpdate } from './adamax';
export { AdamW, adamwUpdate } from './adamw';
export type { ClipGradNormOptions } from './clip-grad';
export { clipGradNorm, clipGradValue } from './clip-grad';
export type { Check, CheckFailure } from './internal/checks';
export type { NamedParameter, ParamList } from './internal/params';
export type { LionOptions, LionState } from './lion';
export { Lion, lionUpdate } from './lion';
export type { NAdamOptions, NAdamState } from './nadam';
export { NAdam, nadamUpdate } from './nadam';
export type {
  FloatArray,
  OptimizerOptions,
  OptimizerSpec,
  OptimizerStateDict,
  ParamGroup,
  ParamGroupInput,
  ParamState,
  ParamsInput,
  StateDictEntry,
} from './optimizer';
export { Optimizer } from './optimizer';
export type { RAdamOptions, RAdamState } from './radam';
export { RAdam, radamRectification, radamUpdate } from './radam';
export type { RMSpropOptions, RMSpropState } from './rmsprop';
export { RMSprop, rmspropUpdate } from './rmsprop';
export type { CosineAnnealingLROptions } from './schedulers/cosine-annealing-lr';
export { CosineAnnealingLR } from './schedulers/cosine-annealing-lr';
export type { CosineAnnealingWarmRestartsOptions } from './schedulers/cosine-annealing-warm-restarts';
export { CosineAnnealingWarmRestarts } from './schedulers/cosine-annealing-warm-restarts';
export { ExponentialLR } from './schedulers/exponential-lr';
export type { LinearLROptions } from './schedulers/linear-lr';
export { LinearLR } from './schedulers/linear-lr';
export type { SchedulableOptimizer, SchedulerStateDict } from './schedulers/lr-scheduler';
export { LRScheduler } from './schedulers/lr-scheduler';
export type { MultiStepLROptions } from './schedulers/multi-step-lr';
export { MultiStepLR } from './schedulers/multi-step-lr';
export type { OneCycleLROptions } from './schedulers/one-cycle-lr';
export { OneCycleLR } from './schedulers/one-cycle-lr';
export type { ReduceLROnPlateauOptions } from './schedulers/reduce-lr-on-plateau';
export { ReduceLROnPlateau } from './schedulers/reduce-lr-on-plateau';
export { SequentialLR } from './schedulers/sequential-lr';
export type { StepLROptions } from './schedulers/step-lr';
export { StepLR } from './schedulers/step-lr';
export type { SGDOptions, SGDState } from './sgd';
export { SGD, sgdUpdate } from './sgd';

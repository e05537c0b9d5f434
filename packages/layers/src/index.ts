// Module system

export type { Reduction } from './internal/loss-helpers';
export type {
  BinaryCrossEntropyOptions,
  BinaryCrossEntropyWithLogitsOptions,
} from './losses/binary-cross-entropy';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './losses/binary-cross-entropy';
export type { CrossEntropyOptions } from './losses/cross-entropy';
export { crossEntropy } from './losses/cross-entropy';
export type { NllLossOptions } from './losses/nll-loss';
export { nllLoss } from './losses/nll-loss';
export type { HuberLossOptions, LossOptions } from './losses/regression';
// Losses
export { huberLoss, l1Loss, mseLoss } from './losses/regression';
export type { RecurseOptions, RegisterBufferOptions, SummaryOptions } from './module';
export { Module } from './module';
export type { SoftmaxOptions } from './modules/activations';
export {
  ELU,
  GELU,
  Hardtanh,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  SELU,
  Sigmoid,
  SiLU,
  Softmax,
  Softplus,
  Tanh,
} from './modules/activations';
export type { BatchNorm2dLayerOptions } from './modules/batch-norm2d';
export { BatchNorm2d } from './modules/batch-norm2d';
export type { ConvTranspose2dLayerOptions } from './modules/conv-transpose2d';
export { ConvTranspose2d } from './modules/conv-transpose2d';
export type { Conv1dLayerOptions } from './modules/conv1d';
export { Conv1d } from './modules/conv1d';
export type { Conv2dLayerOptions } from './modules/conv2d';
export { Conv2d } from './modules/conv2d';
export type { DropoutLayerOptions } from './modules/dropout';
export { Dropout } from './modules/dropout';
export type { FlattenOptions } from './modules/flatten';
export { Flatten, Identity } from './modules/flatten';
export type { LayerNormLayerOptions } from './modules/layer-norm';
export { LayerNorm } from './modules/layer-norm';
// Layers
export type { LayerInitOptions } from './modules/layer-options';
export type { LinearLayerOptions } from './modules/linear';
export { Linear } from './modules/linear';
export type { AvgPool2dLayerOptions, MaxPool2dLayerOptions } from './modules/pooling';
export {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AvgPool2d,
  GlobalAvgPool2d,
  GlobalMaxPool2d,
  MaxPool2d,
} from './modules/pooling';
export { Sequential } from './modules/sequential';
export type {
  EluOptions,
  GeluOptions,
  HardtanhOptions,
  LeakyReluOptions,
  SoftplusOptions,
} from './ops/activations';
// Functional ops: activations, dense, regularisation, normalisation
export {
  elu,
  gelu,
  hardtanh,
  leakyRelu,
  logSoftmax,
  relu,
  SELU_ALPHA,
  SELU_SCALE,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  tanh,
} from './ops/activations';
export {
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  globalAvgPool2d,
  globalMaxPool2d,
} from './ops/adaptive-pool2d';
export type { AvgPool2dOptions } from './ops/avg-pool2d';
export { avgPool2d } from './ops/avg-pool2d';
export type { BatchNorm2dOptions } from './ops/batch-norm';
export { batchNorm2d } from './ops/batch-norm';
export type { ConvTranspose2dOptions } from './ops/conv-transpose2d';
export { convTranspose2d } from './ops/conv-transpose2d';
export type { Conv1dOptions } from './ops/conv1d';
export { conv1d } from './ops/conv1d';
export type { Conv2dOptions, PaddingMode } from './ops/conv2d';
// Functional ops: convolution and pooling
export { conv2d } from './ops/conv2d';
export type { DropoutOptions } from './ops/dropout';
export { dropout } from './ops/dropout';
export { flatten } from './ops/flatten';
export type { LayerNormOptions } from './ops/layer-norm';
export { layerNorm } from './ops/layer-norm';
export { linear } from './ops/linear';
export type { MaxPool2dOptions, MaxPool2dResult } from './ops/max-pool2d';
export { maxPool2d, maxPool2dWithIndices } from './ops/max-pool2d';

// State: state dicts, safetensors, files
export { SafetensorsError, StateDictError } from './state/errors';
export type { SaveModelOptions } from './state/node-files';
export { loadModel, saveModel } from './state/node-files';
export type { SafetensorsContents } from './state/safetensors';
export { decodeSafetensors, loadSafetensors, saveSafetensors } from './state/safetensors';
export type {
  LoadStateDictOptions,
  LoadStateDictResult,
  StateDict,
  StateDictLike,
} from './state/state-dict';

// Module system
export { Module } from './module';
export type { RecurseOptions, RegisterBufferOptions, SummaryOptions } from './module';

// Functional ops: convolution and pooling
export { conv2d } from './ops/conv2d';
export type { Conv2dOptions, PaddingMode } from './ops/conv2d';
export { conv1d } from './ops/conv1d';
export type { Conv1dOptions } from './ops/conv1d';
export { convTranspose2d } from './ops/conv-transpose2d';
export type { ConvTranspose2dOptions } from './ops/conv-transpose2d';
export { maxPool2d, maxPool2dWithIndices } from './ops/max-pool2d';
export type { MaxPool2dOptions } from './ops/max-pool2d';
export { avgPool2d } from './ops/avg-pool2d';
export type { AvgPool2dOptions } from './ops/avg-pool2d';
export { adaptiveAvgPool2d, adaptiveMaxPool2d, globalAvgPool2d, globalMaxPool2d } from './ops/adaptive-pool2d';

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
export type { EluOptions, GeluOptions, HardtanhOptions, LeakyReluOptions, SoftplusOptions } from './ops/activations';
export { linear } from './ops/linear';
export { flatten } from './ops/flatten';
export { dropout } from './ops/dropout';
export type { DropoutOptions } from './ops/dropout';
export { batchNorm2d } from './ops/batch-norm';
export type { BatchNorm2dOptions } from './ops/batch-norm';
export { layerNorm } from './ops/layer-norm';
export type { LayerNormOptions } from './ops/layer-norm';

// Losses
export { huberLoss, l1Loss, mseLoss } from './losses/regression';
export type { HuberLossOptions, LossOptions } from './losses/regression';
export { crossEntropy } from './losses/cross-entropy';
export type { CrossEntropyOptions } from './losses/cross-entropy';
export { nllLoss } from './losses/nll-loss';
export type { NllLossOptions } from './losses/nll-loss';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './losses/binary-cross-entropy';
export type { BinaryCrossEntropyOptions, BinaryCrossEntropyWithLogitsOptions } from './losses/binary-cross-entropy';
export type { Reduction } from './internal/loss-helpers';

// Layers
export type { LayerInitOptions } from './modules/layer-options';
export { Conv2d } from './modules/conv2d';
export type { Conv2dLayerOptions } from './modules/conv2d';
export { Conv1d } from './modules/conv1d';
export type { Conv1dLayerOptions } from './modules/conv1d';
export { ConvTranspose2d } from './modules/conv-transpose2d';
export type { ConvTranspose2dLayerOptions } from './modules/conv-transpose2d';
export {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AvgPool2d,
  GlobalAvgPool2d,
  GlobalMaxPool2d,
  MaxPool2d,
} from './modules/pooling';
export type { AvgPool2dLayerOptions, MaxPool2dLayerOptions } from './modules/pooling';
export { Linear } from './modules/linear';
export type { LinearLayerOptions } from './modules/linear';
export { Flatten, Identity } from './modules/flatten';
export type { FlattenOptions } from './modules/flatten';
export { Dropout } from './modules/dropout';
export type { DropoutLayerOptions } from './modules/dropout';
export { BatchNorm2d } from './modules/batch-norm2d';
export type { BatchNorm2dLayerOptions } from './modules/batch-norm2d';
export { LayerNorm } from './modules/layer-norm';
export type { LayerNormLayerOptions } from './modules/layer-norm';
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
export type { SoftmaxOptions } from './modules/activations';
export { Sequential } from './modules/sequential';

// State: state dicts, safetensors, files
export { SafetensorsError, StateDictError } from './state/errors';
export type { LoadStateDictOptions, LoadStateDictResult, StateDict, StateDictLike } from './state/state-dict';
export { decodeSafetensors, loadSafetensors, saveSafetensors } from './state/safetensors';
export type { SafetensorsContents } from './state/safetensors';
export { loadModel, saveModel } from './state/node-files';
export type { SaveModelOptions } from './state/node-files';

import { flatten as flattenDims, type Tensor } from '@convkit/tensor';
import { expectTensor } from '../internal/layer-args';

/**
 * Merges dimensions `startDim`…`endDim` (inclusive) into one, keeping the batch dimension by
 * default: [N, C, H, W] → [N, C·H·W]. This is `nn.Flatten`'s default (startDim 1); the
 * tensor package's `flatten`, like `torch.flatten`, starts at 0. Composed from `reshape` (a
 * view; speed is no concern).
 * @example
 * flatten(zeros([8, 16, 5, 5])); // shape [8, 400]
 */
export function flatten(x: Tensor, startDim = 1, endDim = -1): Tensor {
  expectTensor(x, 'flatten', 'x');
  return flattenDims(x, startDim, endDim);
}

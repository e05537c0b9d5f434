import type { Tensor } from '../tensor';

// STUB
export function softmax(x: Tensor, axis?: number): Tensor {   throw new Error('softmax: not implemented yet'); }
export function logSoftmax(x: Tensor, axis?: number): Tensor {   throw new Error('logSoftmax: not implemented yet'); }

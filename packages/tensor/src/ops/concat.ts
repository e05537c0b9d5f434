import type { Tensor } from '../tensor';

// STUB
export function concat(tensors: readonly Tensor[], axis?: number): Tensor {   throw new Error('concat: not implemented yet'); }
export function stack(tensors: readonly Tensor[], axis?: number): Tensor {   throw new Error('stack: not implemented yet'); }

import type { Tensor } from '../tensor';

// STUB
export function transpose(x: Tensor, dim0?: number, dim1?: number): Tensor {   throw new Error('transpose: not implemented yet'); }
export function permute(x: Tensor, dims: readonly number[]): Tensor {   throw new Error('permute: not implemented yet'); }

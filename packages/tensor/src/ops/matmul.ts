import type { Tensor } from '../tensor';

// STUB
export function matmul(a: Tensor, b: Tensor): Tensor {   throw new Error('matmul: not implemented yet'); }

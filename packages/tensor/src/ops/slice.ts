import type { Tensor } from '../tensor';

// STUB
export function slice(x: Tensor, axis: number, start: number, end?: number, step?: number): Tensor {   throw new Error('slice: not implemented yet'); }
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {   throw new Error('narrow: not implemented yet'); }

import type { Tensor, TensorLike } from '../tensor';

// STUB: comparisons return int32 0/1 tensors.
export function eq(a: TensorLike, b: TensorLike): Tensor {   throw new Error('eq: not implemented yet'); }
export function ne(a: TensorLike, b: TensorLike): Tensor {   throw new Error('ne: not implemented yet'); }
export function lt(a: TensorLike, b: TensorLike): Tensor {   throw new Error('lt: not implemented yet'); }
export function le(a: TensorLike, b: TensorLike): Tensor {   throw new Error('le: not implemented yet'); }
export function gt(a: TensorLike, b: TensorLike): Tensor {   throw new Error('gt: not implemented yet'); }
export function ge(a: TensorLike, b: TensorLike): Tensor {   throw new Error('ge: not implemented yet'); }
export function maximum(a: TensorLike, b: TensorLike): Tensor {   throw new Error('maximum: not implemented yet'); }
export function minimum(a: TensorLike, b: TensorLike): Tensor {   throw new Error('minimum: not implemented yet'); }
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {   throw new Error('where: not implemented yet'); }
export function clamp(x: Tensor, min?: number, max?: number): Tensor {   throw new Error('clamp: not implemented yet'); }

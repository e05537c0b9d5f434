import type { Tensor } from '../tensor';

// STUB: to be implemented (exp log sqrt square abs sin cos tanh sigmoid relu).
export function exp(x: Tensor): Tensor {   throw new Error('exp: not implemented yet'); }
export function log(x: Tensor): Tensor {   throw new Error('log: not implemented yet'); }
export function sqrt(x: Tensor): Tensor {   throw new Error('sqrt: not implemented yet'); }
export function square(x: Tensor): Tensor {   throw new Error('square: not implemented yet'); }
export function abs(x: Tensor): Tensor {   throw new Error('abs: not implemented yet'); }
export function sin(x: Tensor): Tensor {   throw new Error('sin: not implemented yet'); }
export function cos(x: Tensor): Tensor {   throw new Error('cos: not implemented yet'); }
export function tanh(x: Tensor): Tensor {   throw new Error('tanh: not implemented yet'); }
export function sigmoid(x: Tensor): Tensor {   throw new Error('sigmoid: not implemented yet'); }
export function relu(x: Tensor): Tensor {   throw new Error('relu: not implemented yet'); }

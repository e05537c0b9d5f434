import type { Tensor } from '../tensor';

export type PadMode = 'constant' | 'reflect' | 'replicate';
export interface PadOptions {
  mode?: PadMode;
  /** Fill value for 'constant' mode (default 0). */
  value?: number;
}

// STUB: padding as in PyTorch's F.pad: [left, right] for the last dim, then the one before, …
export function pad(x: Tensor, padding: readonly number[], options?: PadOptions): Tensor {   throw new Error('pad: not implemented yet'); }

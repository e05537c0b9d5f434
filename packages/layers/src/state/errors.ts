/**
 * A safetensors file that cannot be read: truncated, corrupt, lying about its sizes, or using
 * a dtype convkit does not hold. Nothing is loaded when it is thrown.
 */
export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

/**
 * A state dict that does not fit a module: missing or unexpected keys (in strict mode), or
 * tensors of the wrong shape or dtype. `keys` lists every offending key; the module is left
 * exactly as it was.
 */
export class StateDictError extends Error {
  constructor(
    message: string,
    readonly keys: readonly string[],
  ) {
    super(message);
    this.name = 'StateDictError';
  }
}

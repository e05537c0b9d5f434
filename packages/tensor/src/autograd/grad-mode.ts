let gradEnabled = true;

/** Whether ops currently record the graph for backward. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` with graph recording switched off (PyTorch's `torch.no_grad()`): results do not
 * require grad and keep no references to their inputs. Use it for evaluation and for
 * in-place parameter updates.
 * @example
 * const pred = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') {
    throw new TypeError(`noGrad: fn must be a function to run without recording, got ${typeof fn}`);
  }
  return withGradMode(false, fn);
}

/** Runs `fn` with graph recording switched on or off, restoring the previous mode after. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  if (typeof fn !== 'function') {
    throw new TypeError(`withGradMode: fn must be a function, got ${typeof fn}`);
  }
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

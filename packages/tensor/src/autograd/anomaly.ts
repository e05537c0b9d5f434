import { formatShape } from '../shape';
import type { Tensor } from '../tensor';

let anomalyDepth = 0;

/** Whether anomaly detection is on (inside `detectAnomaly`). */
export function isAnomalyDetectionEnabled(): boolean {
  return anomalyDepth > 0;
}

/**
 * Runs `fn` with anomaly detection: every op's forward output and every gradient its
 * backward produces is checked for NaN/Inf, and the first offender throws an error naming
 * the op, the phase and the shapes involved. Slower; use it to find where training blew up.
 * @example
 * detectAnomaly(() => loss(model.forward(x), y).backward());
 */
export function detectAnomaly<T>(fn: () => T): T {
  if (typeof fn !== 'function') {
    throw new TypeError(
      `detectAnomaly: fn must be a function to run with checks, got ${typeof fn}`,
    );
  }
  anomalyDepth++;
  try {
    return fn();
  } finally {
    anomalyDepth--;
  }
}

/** An error raised by anomaly detection; carries the op name and phase for tooling. */
export class AnomalyError extends Error {
  constructor(
    message: string,
    readonly op: string,
    readonly phase: 'forward' | 'backward',
  ) {
    super(message);
    this.name = 'AnomalyError';
  }
}

/** Index of the first NaN/Inf element, or -1. */
export function firstNonFinite(t: Tensor): number {
  if (t.dtype === 'int32') return -1;
  const data = t.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) return i;
  }
  return -1;
}

export function checkForwardFinite(op: string, out: Tensor, inputs: readonly Tensor[]): void {
  const bad = firstNonFinite(out);
  if (bad < 0) return;
  const inputShapes = inputs.map((t) => formatShape(t.shape)).join(', ');
  throw new AnomalyError(
    `anomaly: ${op} forward produced ${out.data[bad]} at flat index ${bad} of its output ` +
      `${formatShape(out.shape)} (inputs ${inputShapes || 'none'})`,
    op,
    'forward',
  );
}

export function checkBackwardFinite(
  op: string,
  grad: Tensor,
  inputIndex: number,
  input: Tensor,
): void {
  const bad = firstNonFinite(grad);
  if (bad < 0) return;
  throw new AnomalyError(
    `anomaly: ${op} backward produced ${grad.data[bad]} at flat index ${bad} of the gradient ` +
      `for input ${inputIndex} (shape ${formatShape(input.shape)})`,
    op,
    'backward',
  );
}

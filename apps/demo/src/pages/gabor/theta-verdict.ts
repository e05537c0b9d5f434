/** How a finished θ run ended, read from its trajectory. */
export interface ThetaVerdict {
  kind: 'converged' | 'cycling' | 'stuck' | 'settling';
  /** max − min of θ over the last `window` steps. */
  swing: number;
  text: string;
}

// Thresholds in radians: a converged run moves less than 1e-3 and sits within 1e-3 of θ*.
const CLOSE = 1e-3;
const SWINGING = 1e-2;

/** Classifies a run from its final error |θ − θ*| and the θs it visited. */
export function thetaVerdict(error: number, thetas: readonly number[], window = 50): ThetaVerdict {
  const tail = thetas.slice(-window);
  const swing = tail.length > 0 ? Math.max(...tail) - Math.min(...tail) : 0;
  const e = error.toExponential(1);
  const s = swing.toExponential(1);
  if (!Number.isFinite(error) || !Number.isFinite(swing)) {
    return {
      kind: 'cycling',
      swing,
      text: 'Diverged: θ or the loss is no longer a finite number.',
    };
  }
  if (error < CLOSE && swing < CLOSE) {
    return { kind: 'converged', swing, text: `Converged: |θ − θ*| = ${e}.` };
  }
  if (swing > SWINGING) {
    return {
      kind: 'cycling',
      swing,
      text: `Still cycling: θ swings by ${s} rad over the last ${tail.length} steps (|θ − θ*| = ${e} at the end).`,
    };
  }
  if (error > 0.05) {
    return {
      kind: 'stuck',
      swing,
      text: `Stopped away from θ*: |θ − θ*| = ${e}, a local minimum or a flat stretch.`,
    };
  }
  return {
    kind: 'settling',
    swing,
    text: `Close but not there yet: |θ − θ*| = ${e}, still moving by ${s} rad.`,
  };
}

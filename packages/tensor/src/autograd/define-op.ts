import { Tensor } from '../tensor';
import { checkForwardFinite, isAnomalyDetectionEnabled } from './anomaly';
import { isGradEnabled, withGradMode } from './grad-mode';
import { GradNode, type InputGrads } from './node';

/** What an op's forward returns: the output and whatever its backward needs. */
export interface OpForwardResult<Saved> {
  out: Tensor;
  saved?: Saved;
}

/** The definition of a differentiable op: forward and backward side by side. */
export interface OpDefinition<Args extends unknown[], Saved> {
  /** Used in error messages and anomaly reports. */
  name: string;
  /**
   * Validates the arguments and computes the output. Runs with graph recording off, so it
   * may freely compose other ops. Must not modify its inputs.
   */
  forward(...args: Args): OpForwardResult<Saved>;
  /**
   * Given the gradient of the loss with respect to the output (same shape), returns one
   * gradient per tensor input in argument order (`null` where there is none). Tensor inputs
   * are the positional arguments that are tensors, and the elements of arguments that are
   * arrays of tensors. A gradient may have the broadcast shape of the output: the engine
   * sums it down to the input's shape.
   */
  backward(dOut: Tensor, saved: Saved): InputGrads;
}

/** A defined op: call it like a function; `run` also returns the saved values. */
export interface Op<Args extends unknown[], Saved> {
  (...args: Args): Tensor;
  readonly opName: string;
  /** Applies the op and returns the output together with the values saved for backward. */
  run(...args: Args): { out: Tensor; saved: Saved | undefined };
}

/**
 * Defines a differentiable op. This is the one public way ops are made, inside convkit and
 * in third-party packages alike; the engine records the graph, reduces gradients over
 * broadcast dimensions, accumulates fan-out and checks for anomalies, so ops never do.
 * @example
 * const square = defineOp({
 *   name: 'square',
 *   forward(x: Tensor) {
 *     return { out: mul(x, x), saved: { x } };
 *   },
 *   backward(dOut, { x }) {
 *     return [mul(dOut, mul(x, 2))];
 *   },
 * });
 */
export function defineOp<Args extends unknown[], Saved = undefined>(
  definition: OpDefinition<Args, Saved>,
): Op<Args, Saved> {
  if (typeof definition !== 'object' || definition === null) {
    throw new TypeError(
      `defineOp: definition must be an object { name, forward, backward }, got ${String(definition)}`,
    );
  }
  const { name } = definition;
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`defineOp: name must be a non-empty string, got ${String(name)}`);
  }
  for (const key of ['forward', 'backward'] as const) {
    if (typeof definition[key] !== 'function') {
      throw new TypeError(
        `defineOp: ${key} of '${name}' must be a function, got ${typeof definition[key]}`,
      );
    }
  }
  const run = (...args: Args): { out: Tensor; saved: Saved | undefined } => {
    const inputs = collectTensorInputs(args);
    const result = withGradMode(false, () => definition.forward(...args));
    let out = result?.out;
    if (!(out instanceof Tensor)) {
      throw new TypeError(`defineOp: forward of '${name}' must return { out: Tensor, saved }`);
    }
    if (isAnomalyDetectionEnabled()) checkForwardFinite(name, out, inputs);
    if (isGradEnabled() && out.dtype !== 'int32' && inputs.some((t) => t.requiresGrad)) {
      // The output must be a fresh tensor object: it gets its own place in the graph.
      if (inputs.includes(out)) out = new Tensor(out.data, out.shape);
      out.attachGradNode(new GradNode(name, inputs, result.saved, definition.backward as never));
    }
    return { out, saved: result.saved };
  };
  const op = ((...args: Args) => run(...args).out) as Op<Args, Saved>;
  Object.defineProperty(op, 'opName', { value: name });
  Object.defineProperty(op, 'name', { value: name });
  Object.defineProperty(op, 'run', { value: run });
  return op;
}

function collectTensorInputs(args: readonly unknown[]): Tensor[] {
  const inputs: Tensor[] = [];
  for (const arg of args) {
    if (arg instanceof Tensor) inputs.push(arg);
    else if (Array.isArray(arg)) {
      for (const item of arg) if (item instanceof Tensor) inputs.push(item);
    }
  }
  return inputs;
}

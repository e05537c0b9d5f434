import { sumToShape } from '../ops/sum-to-shape';
import { formatShape, shapesEqual } from '../shape';
import { Tensor } from '../tensor';
import { checkBackwardFinite, isAnomalyDetectionEnabled } from './anomaly';
import { withGradMode } from './grad-mode';
import type { GradNode } from './node';

export interface BackwardOptions {
  /** Keep the saved values so the graph can be backpropagated through again. */
  retainGraph?: boolean;
}

/**
 * Reverse-mode sweep from `root`: visits every recorded op once, in reverse topological
 * order, and accumulates into `.grad` of leaves that require grad (and of tensors that
 * called `retainGrad()`).
 */
export function runBackward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions) {
  if (!root.requiresGrad) {
    throw new Error(
      'backward: this tensor does not require grad (no input of the computation that made it ' +
        'had requiresGrad: true, or it was computed under noGrad)',
    );
  }
  const seed = seedGradient(root, gradient);
  const rootNode = root.gradNode;
  if (rootNode === null) {
    accumulateLeafGrad(root, seed);
    return;
  }
  const order = topologicalOrder(rootNode);
  // Fail before any gradient is written, so a misuse leaves every .grad as it was.
  const freed = order.find((node) => node.released);
  if (freed) freed.runBackward(seed);
  const pending = new Map<GradNode, Tensor>([[rootNode, seed]]);
  const retained = new Map<GradNode, Tensor>();
  if (root.retainsGrad) retained.set(rootNode, root);

  withGradMode(false, () => {
    for (const node of order) {
      const dOut = pending.get(node);
      pending.delete(node);
      if (dOut === undefined) continue;
      const owner = retained.get(node);
      if (owner) accumulateLeafGrad(owner, dOut);
      const grads = node.runBackward(dOut);
      if (!options.retainGraph) node.release();
      node.inputs.forEach((input, i) => {
        const raw = grads[i];
        if (raw === null || raw === undefined || !input.requiresGrad) return;
        const grad = fitGradient(raw, input, node.op, i);
        if (isAnomalyDetectionEnabled()) checkBackwardFinite(node.op, grad, i, input);
        const inputNode = input.gradNode;
        if (inputNode === null) {
          accumulateLeafGrad(input, grad);
          return;
        }
        if (input.retainsGrad) retained.set(inputNode, input);
        const previous = pending.get(inputNode);
        pending.set(inputNode, previous === undefined ? grad : previous.add(grad));
      });
      for (let i = node.inputs.length; i < grads.length; i++) {
        if (grads[i] != null) {
          throw new Error(
            `backward: '${node.op}' returned ${grads.length} gradients for ${node.inputs.length} tensor inputs`,
          );
        }
      }
    }
  });
}

function seedGradient(root: Tensor, gradient: Tensor | undefined): Tensor {
  if (gradient === undefined) {
    if (root.size !== 1) {
      throw new Error(
        `backward: a gradient is needed for a non-scalar tensor of shape ${formatShape(root.shape)}; ` +
          'call backward(gradient) with a tensor of that shape, or reduce it first (e.g. .sum())',
      );
    }
    return Tensor.full(root.shape, 1, root.dtype);
  }
  if (!(gradient instanceof Tensor) || !shapesEqual(gradient.shape, root.shape)) {
    throw new RangeError(
      `backward: gradient must have the tensor's shape ${formatShape(root.shape)}, got ` +
        (gradient instanceof Tensor ? formatShape(gradient.shape) : String(gradient)),
    );
  }
  return gradient.dtype === root.dtype ? gradient : gradient.to(root.dtype);
}

/** Sums a gradient over broadcast dimensions and casts it to the input's dtype. */
function fitGradient(grad: Tensor, input: Tensor, op: string, index: number): Tensor {
  if (!(grad instanceof Tensor)) {
    throw new TypeError(`backward: '${op}' returned a non-tensor gradient for input ${index}`);
  }
  let fitted = grad;
  if (!shapesEqual(grad.shape, input.shape)) {
    try {
      fitted = sumToShape(grad, input.shape);
    } catch {
      throw new RangeError(
        `backward: '${op}' returned a gradient of shape ${formatShape(grad.shape)} for input ${index} ` +
          `of shape ${formatShape(input.shape)}; it must equal the input's shape or broadcast to it`,
      );
    }
  }
  return fitted.dtype === input.dtype ? fitted : fitted.to(input.dtype);
}

/**
 * Leaves own their gradient buffer: the first gradient is copied, because a backward may
 * hand the same tensor to several inputs and optimisers/clipping update `.grad` in place.
 */
function accumulateLeafGrad(leaf: Tensor, grad: Tensor): void {
  leaf.grad = leaf.grad === null ? grad.clone() : leaf.grad.add(grad);
}

/** Nodes reachable from `root`, each after every node that consumes its output. */
function topologicalOrder(root: GradNode): GradNode[] {
  const visited = new Set<GradNode>();
  const postOrder: GradNode[] = [];
  const stack: Array<{ node: GradNode; next: number }> = [{ node: root, next: 0 }];
  visited.add(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.node.inputs.length) {
      const child = frame.node.inputs[frame.next++].gradNode;
      if (child !== null && !visited.has(child)) {
        visited.add(child);
        stack.push({ node: child, next: 0 });
      }
    } else {
      postOrder.push(frame.node);
      stack.pop();
    }
  }
  return postOrder.reverse();
}

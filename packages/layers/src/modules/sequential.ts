import type { Tensor } from '@convkit/tensor';
import { Module } from '../module';

/**
 * Runs its modules in order, each on the previous one's output. Children are named `0`, `1`,
 * … so parameters read `0.weight`, `3.bias` (PyTorch's names).
 * @example
 * const model = new Sequential(new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2));
 * model.call(randn([1, 1, 28, 28])); // [1, 6, 12, 12]
 */
export class Sequential extends Module {
  private readonly layers: Module[] = [];

  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end, named by its position; returns this. */
  append(module: Module): this {
    this.registerModule(String(this.layers.length), module);
    this.layers.push(module);
    return this;
  }

  get length(): number {
    return this.layers.length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    const m = this.layers.at(index);
    if (m === undefined) {
      throw new RangeError(
        `Sequential.at: index must be in [${-this.length}, ${this.length - 1}], got ${index}`,
      );
    }
    return m;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.layers[Symbol.iterator]();
  }

  override forward(x: Tensor): Tensor {
    let out = x;
    for (const m of this.layers) out = m.forward(out);
    return out;
  }
}

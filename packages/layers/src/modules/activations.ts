import type { Tensor } from '@convkit/tensor';
import { Module } from '../module';
import {
  type EluOptions,
  elu,
  type GeluOptions,
  gelu,
  type HardtanhOptions,
  hardtanh,
  type LeakyReluOptions,
  leakyRelu,
  logSoftmax,
  relu,
  type SoftplusOptions,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  tanh,
} from '../ops/activations';

// One module per activation, each a thin wrapper over the function of the same name (see
// ops/activations.ts for formulas). Options are checked on the first call, by the function.

/** max(0, x) element-wise (gradient 0 at 0). @example new ReLU().call(x) */
export class ReLU extends Module {
  override forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** x for x > 0, negativeSlope·x otherwise. @example new LeakyReLU({ negativeSlope: 0.2 }) */
export class LeakyReLU extends Module {
  constructor(readonly options: LeakyReluOptions = {}) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return leakyRelu(x, this.options);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.options.negativeSlope ?? 0.01}`;
  }
}

/** x for x > 0, α(eˣ − 1) otherwise. @example new ELU({ alpha: 1 }) */
export class ELU extends Module {
  constructor(readonly options: EluOptions = {}) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return elu(x, this.options);
  }
  override extraRepr(): string {
    return `alpha=${this.options.alpha ?? 1}`;
  }
}

/** Self-normalising ELU with fixed α, λ. @example new SELU() */
export class SELU extends Module {
  override forward(x: Tensor): Tensor {
    return selu(x);
  }
}

/** x·Φ(x), exact or with `approximate: 'tanh'`. @example new GELU({ approximate: 'tanh' }) */
export class GELU extends Module {
  constructor(readonly options: GeluOptions = {}) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return gelu(x, this.options);
  }
  override extraRepr(): string {
    return `approximate='${this.options.approximate ?? 'none'}'`;
  }
}

/** x·σ(x), also called swish. @example new SiLU() */
export class SiLU extends Module {
  override forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/** (1/β)·log(1 + e^(βx)). @example new Softplus({ beta: 2 }) */
export class Softplus extends Module {
  constructor(readonly options: SoftplusOptions = {}) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return softplus(x, this.options);
  }
  override extraRepr(): string {
    return `beta=${this.options.beta ?? 1}, threshold=${this.options.threshold ?? 20}`;
  }
}

/** 1/(1 + e^(−x)). @example new Sigmoid() */
export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** tanh(x). @example new Tanh() */
export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** x clamped to [minVal, maxVal]. @example new Hardtanh({ minVal: 0, maxVal: 6 }) // ReLU6 */
export class Hardtanh extends Module {
  constructor(readonly options: HardtanhOptions = {}) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return hardtanh(x, this.options);
  }
  override extraRepr(): string {
    return `minVal=${this.options.minVal ?? -1}, maxVal=${this.options.maxVal ?? 1}`;
  }
}

export interface SoftmaxOptions {
  /** The axis that sums to one (default −1, the last; use 1 for NCHW class maps). */
  axis?: number;
}

/** exp(xᵢ)/Σⱼexp(xⱼ) along `axis`. @example new Softmax({ axis: 1 }) */
export class Softmax extends Module {
  readonly axis: number;
  constructor(options: SoftmaxOptions = {}) {
    super();
    this.axis = options.axis ?? -1;
  }
  override forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/** log softmax along `axis` (stable). @example new LogSoftmax({ axis: 1 }) */
export class LogSoftmax extends Module {
  readonly axis: number;
  constructor(options: SoftmaxOptions = {}) {
    super();
    this.axis = options.axis ?? -1;
  }
  override forward(x: Tensor): Tensor {
    return logSoftmax(x, this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

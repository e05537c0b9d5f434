import { type FloatDType, type Shape, Tensor } from '@convkit/tensor';
import { describeValue } from './internal/layer-args';
import { summarize } from './internal/summary-table';
import {
  applyStateLoad,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  planStateLoad,
  type StateDict,
  type StateDictLike,
} from './state/state-dict';

export interface RecurseOptions {
  /** Include submodules (default true); false lists only this module's own entries. */
  recurse?: boolean;
}

export interface RegisterBufferOptions {
  /** Whether the buffer is part of `stateDict()` (default true). */
  persistent?: boolean;
}

export interface SummaryOptions {
  /** dtype of the zero input the forward pass runs on (default float32). */
  dtype?: FloatDType;
}

/**
 * Base class of every layer and model, in PyTorch's style: a constructor registers
 * parameters, buffers and child modules by name, and `forward` computes the output. Names
 * nest with dots (`features.0.weight`) and keep registration order, so `parameters()`,
 * `stateDict()` and optimiser state line up across runs and with PyTorch checkpoints.
 *
 * JavaScript objects cannot be made callable cleanly, so `model.call(x)` stands for PyTorch's
 * `model(x)`; it forwards its arguments to `forward` (the same as calling `forward` directly).
 * @example
 * class Block extends Module {
 *   readonly conv = this.registerModule('conv', new Conv2d(3, 8, 3, { padding: 1 }));
 *   readonly act = this.registerModule('act', new ReLU());
 *   forward(x: Tensor): Tensor {
 *     return this.act.call(this.conv.call(x));
 *   }
 * }
 */
export abstract class Module {
  /** Training mode (the default) or evaluation mode; see `train()` and `eval()`. */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly nonPersistent = new Set<string>();
  private readonly ownModules = new Map<string, Module>();

  /** Computes the module's output. Subclasses may take further arguments after `x`. */
  abstract forward(x: Tensor): Tensor;

  /** PyTorch's `module(x)`: calls `forward` with the same arguments. */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    return (this.forward as (...a: unknown[]) => ReturnType<this['forward']>)(...args);
  }

  /** The class name shown by `summary()` and `toString()`. */
  get typeName(): string {
    return this.constructor.name;
  }

  /**
   * Registers a trainable tensor under `name` and switches its `requiresGrad` on. Call it in
   * the constructor; registering a name again replaces the tensor in the same position.
   */
  registerParameter<T extends Tensor>(name: string, tensor: T): T {
    this.checkName(name, 'registerParameter', this.ownParameters);
    if (!(tensor instanceof Tensor) || tensor.dtype === 'int32' || !tensor.isLeaf) {
      throw new TypeError(
        `registerParameter: '${name}' must be a float32 or float64 leaf Tensor, got ${describeValue(tensor)}` +
          (tensor instanceof Tensor && !tensor.isLeaf ? ' produced by an op (use .detach())' : ''),
      );
    }
    tensor.requiresGrad = true;
    this.ownParameters.set(name, tensor);
    return tensor;
  }

  /**
   * Registers a non-trainable tensor (e.g. batch norm's running statistics) under `name`.
   * Persistent buffers (the default) are saved in `stateDict()`.
   */
  registerBuffer<T extends Tensor>(
    name: string,
    tensor: T,
    options: RegisterBufferOptions = {},
  ): T {
    this.checkName(name, 'registerBuffer', this.ownBuffers);
    if (!(tensor instanceof Tensor)) {
      throw new TypeError(
        `registerBuffer: '${name}' must be a Tensor, got ${describeValue(tensor)}`,
      );
    }
    this.ownBuffers.set(name, tensor);
    if (options.persistent ?? true) this.nonPersistent.delete(name);
    else this.nonPersistent.add(name);
    return tensor;
  }

  /** Registers a child module under `name`; its entries appear as `name.…`. */
  registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name, 'registerModule', this.ownModules);
    if (!(module instanceof Module)) {
      throw new TypeError(
        `registerModule: '${name}' must be a Module, got ${describeValue(module)}`,
      );
    }
    this.ownModules.set(name, module);
    return module;
  }

  private checkName(name: string, op: string, own: Map<string, unknown>): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new TypeError(
        `${op}: name must be a non-empty string without '.', got ${describeValue(name)}`,
      );
    }
    const taken = [this.ownParameters, this.ownBuffers, this.ownModules].some(
      (m) => m !== own && m.has(name),
    );
    if (taken) throw new Error(`${op}: '${name}' is already registered as another kind of entry`);
  }

  /** `[name, module]` for this module ('') and every descendant, depth-first, each once. */
  namedModules(): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const walk = (prefix: string, module: Module) => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push([prefix, module]);
      for (const [name, child] of module.ownModules)
        walk(prefix === '' ? name : `${prefix}.${name}`, child);
    };
    walk('', this);
    return out;
  }

  /** This module and every descendant, depth-first. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** `[name, child]` for the direct children, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.ownModules.entries()];
  }

  children(): Module[] {
    return [...this.ownModules.values()];
  }

  /** `[dottedName, parameter]` pairs, each tensor once (a shared parameter under its first name). */
  namedParameters(options: RecurseOptions = {}): [string, Tensor][] {
    return this.collect(options, (m) => m.ownParameters);
  }

  parameters(options: RecurseOptions = {}): Tensor[] {
    return this.namedParameters(options).map(([, p]) => p);
  }

  /** `[dottedName, buffer]` pairs, each tensor once. */
  namedBuffers(options: RecurseOptions = {}): [string, Tensor][] {
    return this.collect(options, (m) => m.ownBuffers);
  }

  buffers(options: RecurseOptions = {}): Tensor[] {
    return this.namedBuffers(options).map(([, b]) => b);
  }

  private collect(
    options: RecurseOptions,
    pick: (m: Module) => Map<string, Tensor>,
  ): [string, Tensor][] {
    const modules: [string, Module][] =
      (options.recurse ?? true) ? this.namedModules() : [['', this]];
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, module] of modules) {
      for (const [name, tensor] of pick(module)) {
        if (seen.has(tensor)) continue;
        seen.add(tensor);
        out.push([prefix === '' ? name : `${prefix}.${name}`, tensor]);
      }
    }
    return out;
  }

  /** Sets training mode on this module and every descendant; returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (`train(false)`): dropout is the identity, batch norm uses running stats. */
  eval(): this {
    return this.train(false);
  }

  /** Calls `fn` on every descendant and then on this module (children first); returns this. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.ownModules.values()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Clears the gradient of every parameter (sets `.grad` to null). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Parameters and persistent buffers by dotted name, in registration order, module by
   * module. The tensors share storage with the module (detached), as in PyTorch: clone them
   * for a snapshot that later training will not change.
   */
  stateDict(): StateDict {
    const out: StateDict = new Map();
    for (const [key, tensor] of this.stateTargets()) out.set(key, tensor.detach());
    return out;
  }

  /** Every state-dict entry with the module's own tensor (every name of a shared one). */
  private stateTargets(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    const walk = (prefix: string, module: Module, path: Set<Module>) => {
      if (path.has(module)) return;
      const key = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
      for (const [name, p] of module.ownParameters) out.set(key(name), p);
      for (const [name, b] of module.ownBuffers)
        if (!module.nonPersistent.has(name)) out.set(key(name), b);
      const inner = new Set(path).add(module);
      for (const [name, child] of module.ownModules) walk(key(name), child, inner);
    };
    walk('', this, new Set());
    return out;
  }

  /**
   * Copies `state` into this module's parameters and buffers in place (optimisers holding
   * the tensors keep working). Every check runs before anything is written: a key whose
   * shape or dtype differs, and in strict mode (the default) any missing or unexpected key,
   * throws a `StateDictError` naming the keys and leaves the module untouched.
   * @example
   * model.loadStateDict(loadSafetensors(bytes));
   */
  loadStateDict(state: StateDictLike, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const { copies, result } = planStateLoad(this.stateTargets(), state, options);
    applyStateLoad(copies);
    return result;
  }

  /**
   * A table of every module call in one forward pass on zeros of `inputShape` (run under
   * `noGrad`, in evaluation mode, modes restored after): the module, its output shape and
   * its own parameter count, then the totals.
   * @example
   * console.log(model.summary([1, 1, 28, 28]));
   */
  summary(inputShape: Shape, options: SummaryOptions = {}): string {
    return summarize(this, inputShape, options.dtype ?? 'float32');
  }

  /** The module's settings for `toString()`, e.g. `3, 8, kernelSize=[3, 3]`. */
  extraRepr(): string {
    return '';
  }

  /** A PyTorch-style tree of the module and its children. */
  toString(): string {
    const head = `${this.typeName}(${this.extraRepr()}`;
    if (this.ownModules.size === 0) return `${head})`;
    const lines = [...this.ownModules].map(
      ([name, child]) => `  (${name}): ${child.toString().split('\n').join('\n  ')}`,
    );
    return `${head}\n${lines.join('\n')}\n)`;
  }
}

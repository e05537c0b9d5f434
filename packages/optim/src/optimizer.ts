import { formatShape, noGrad, Tensor, withGradMode } from '@convkit/tensor';
import { describe } from './internal/describe';
import { mergeOptions, type OptimizerSpec, validateOptions } from './internal/options';
import { type ParamList, type ParsedGroup, parseGroup, parseParams } from './internal/params';
import { exportState, importState, type OptimizerStateDict } from './internal/state-dict';

/** The storage of a float tensor. */
export type FloatArray = Float32Array | Float64Array;

/**
 * Per-parameter state of an optimiser: float64 buffers of the parameter's size (null until
 * first needed) and scalars. Kept in float64 whatever the parameter's dtype.
 */
export type ParamState = Record<string, Float64Array | number | null>;

/** Options every optimiser has. */
export interface OptimizerOptions {
  /** Learning rate. */
  lr: number;
}

/**
 * A parameter group: its tensors and the options that apply to them. Schedulers change
 * `lr` here; `initialLr` is the lr a scheduler started from.
 */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = O & {
  readonly params: readonly Tensor[];
  /** Parameter names, when the group was built from `[name, tensor]` pairs. */
  readonly paramNames?: readonly string[];
  initialLr?: number;
};

/** A parameter group as given to a constructor or `addParamGroup`: tensors plus overrides. */
export type ParamGroupInput<O extends OptimizerOptions = OptimizerOptions> = Partial<O> & {
  params: ParamList;
  initialLr?: number;
};

/** What optimisers accept as `params`: tensors, `[name, tensor]` pairs, or parameter groups. */
export type ParamsInput<O extends OptimizerOptions = OptimizerOptions> =
  | ParamList
  | Iterable<ParamGroupInput<O>>;

interface ParamRecord<S> {
  step: number;
  state: S;
}

/**
 * Base class of the optimisers: parameter groups with per-group options, lazily created
 * per-parameter state keyed by parameter name (or index), `step()`, `zeroGrad()` and
 * `stateDict()` / `loadStateDict()` that resume bit-identically. Subclasses supply the
 * option spec, `initState` and the update rule.
 *
 * Every check runs before anything changes: a bad option, gradient or state dict throws
 * with the optimiser, the option, what was expected and what was given. docs/optimisers.md
 * shows a complete custom optimiser.
 * @example
 * class SignSGD extends Optimizer<{ lr: number }, Record<string, never>> {
 *   constructor(params: ParamsInput<{ lr: number }>, options?: { lr?: number }) {
 *     const lr: Check = (v) => (typeof v === 'number' && v >= 0 ? null : { expected: 'a number ≥ 0' });
 *     super(params, options, { name: 'SignSGD', defaults: { lr: 0.01 }, checks: { lr } });
 *   }
 *   protected initState() { return {}; }
 *   protected update(p: FloatArray, g: FloatArray, _s: object, o: { lr: number }) {
 *     for (let i = 0; i < p.length; i++) p[i] -= o.lr * Math.sign(g[i]);
 *   }
 * }
 */
export abstract class Optimizer<
  O extends OptimizerOptions = OptimizerOptions,
  S extends ParamState = ParamState,
> {
  /** The optimiser's name, as used in error messages. */
  readonly name: string;
  /** Options for groups that do not override them. */
  readonly defaults: Readonly<O>;
  readonly paramGroups: ParamGroup<O>[] = [];
  private readonly spec: OptimizerSpec<O>;
  private readonly records = new Map<Tensor, ParamRecord<S>>();
  private readonly keys = new Map<Tensor, string>();
  private named: boolean | null = null;

  protected constructor(
    params: ParamsInput<O>,
    options: Partial<O> | undefined,
    spec: OptimizerSpec<O>,
  ) {
    this.name = spec.name;
    this.spec = spec;
    if (
      options !== undefined &&
      (options === null || typeof options !== 'object' || Array.isArray(options))
    ) {
      throw new TypeError(`${spec.name}: options must be an object, got ${describe(options)}`);
    }
    this.defaults = mergeOptions(spec, spec.defaults, options ?? {}, spec.name, '', false);
    const parsed = parseParams(params, spec.name);
    if (parsed.every((g) => g.params.length === 0)) {
      throw new RangeError(
        `${spec.name}: params must hold at least one tensor, got only empty groups`,
      );
    }
    this.addGroups(parsed, spec.name);
  }

  /** Builds the state of a parameter at its first update. */
  protected abstract initState(param: Tensor, options: O): S;

  /** Applies the update rule to one parameter in place; `step` counts from 1. */
  protected abstract update(
    param: FloatArray,
    grad: FloatArray,
    state: S,
    options: O,
    step: number,
  ): void;

  /**
   * Updates every parameter that has a gradient, in place, with graph recording off.
   * Parameters whose `grad` is null are skipped (their state and step count stay as they
   * are). With a `closure`, calls it first (grad enabled) and returns its result.
   * @example
   * opt.zeroGrad(); loss.backward(); opt.step();
   */
  step<T = unknown>(closure?: () => T): T | undefined {
    const where = `${this.name}.step`;
    this.paramGroups.forEach((group, g) => {
      validateOptions(this.spec, group, where, `paramGroups[${g}].`);
    });
    const loss = closure === undefined ? undefined : withGradMode(true, closure);
    const work: Array<{ param: Tensor; grad: Tensor; group: ParamGroup<O> }> = [];
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        const grad = param.grad as unknown;
        if (grad === null || grad === undefined) continue;
        this.checkGrad(param, grad, where);
        work.push({ param, grad: grad as Tensor, group });
      }
    }
    noGrad(() => {
      for (const { param, grad, group } of work) {
        let record = this.records.get(param);
        if (record === undefined) {
          record = { step: 0, state: this.initState(param, group) };
          this.records.set(param, record);
        }
        record.step += 1;
        this.update(
          param.data as FloatArray,
          grad.data as FloatArray,
          record.state,
          group,
          record.step,
        );
      }
    });
    return loss;
  }

  /** Clears every parameter's gradient: to null (the default), or to zeros in place. */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        if (setToNone) param.grad = null;
        else if (param.grad !== null) param.grad.data.fill(0);
      }
    }
  }

  /**
   * Adds a group of parameters with its own option overrides (e.g. a new layer to train
   * with a smaller lr). The tensors must not already be optimised.
   * @example
   * opt.addParamGroup({ params: head.parameters(), lr: 1e-4 });
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const where = `${this.name}.addParamGroup`;
    this.addGroups([parseGroup(group, where, 'group', true)], where);
  }

  /** The state of one parameter (its step count and buffers), or undefined before its first update. Read-only. */
  stateOf(param: Tensor): Readonly<{ step: number } & S> | undefined {
    const record = this.records.get(param);
    return record === undefined
      ? undefined
      : ({ step: record.step, ...record.state } as { step: number } & S);
  }

  /**
   * A copy of the optimiser's state: per-parameter buffers keyed by parameter name (or
   * index in group order) and each group's options. Buffers are Float64Array copies, which
   * structured clone keeps exact; for JSON, convert them with `Array.from` (also exact, but
   * JSON turns NaN into null, which `loadStateDict` rejects).
   * @example
   * const checkpoint = structuredClone(opt.stateDict());
   */
  stateDict(): OptimizerStateDict<O> {
    return exportState(this.paramGroups, this.records, this.keys);
  }

  /**
   * Restores state saved by `stateDict()` of an optimiser of the same kind over the same
   * parameters (same groups, same names or order): training then continues exactly as if
   * it had not stopped. Everything is checked before anything is replaced.
   */
  loadStateDict(stateDict: OptimizerStateDict<O>): void {
    const where = `${this.name}.loadStateDict`;
    const loaded = importState(stateDict, this.paramGroups, this.keys, where, {
      validateOptions: (options, path) => {
        const known = new Set([...Object.keys(this.spec.checks), 'initialLr', 'params']);
        for (const key of Object.keys(options)) {
          if (!known.has(key))
            throw new RangeError(`${where}: ${path}${key} is not an option of ${this.name}`);
        }
        validateOptions(this.spec, options as unknown as O, where, path);
      },
      initState: (param, options) => this.initState(param, options as unknown as O),
    });
    this.paramGroups.forEach((group, g) => {
      const mutable = group as unknown as Record<string, unknown>;
      delete mutable.initialLr;
      Object.assign(mutable, loaded.options[g]);
    });
    this.records.clear();
    for (const [param, { step, state }] of loaded.records)
      this.records.set(param, { step, state: state as S });
  }

  private checkGrad(param: Tensor, grad: unknown, where: string): void {
    const label = `grad of ${this.label(param)}`;
    if (!(grad instanceof Tensor))
      throw new TypeError(`${where}: ${label} must be a Tensor or null, got ${describe(grad)}`);
    if (grad.dtype === 'int32')
      throw new TypeError(`${where}: ${label} must be a float tensor, got int32`);
    const same =
      grad.shape.length === param.shape.length && grad.shape.every((d, i) => d === param.shape[i]);
    if (!same) {
      throw new RangeError(
        `${where}: ${label} must have shape ${formatShape(param.shape)}, got ${formatShape(grad.shape)}`,
      );
    }
  }

  private label(param: Tensor): string {
    const key = this.keys.get(param) ?? '?';
    return this.named ? `parameter '${key}'` : `parameter ${key}`;
  }

  private addGroups(parsed: ParsedGroup[], where: string): void {
    const seen = new Map<Tensor, string>();
    for (const group of this.paramGroups) for (const p of group.params) seen.set(p, this.label(p));
    const names = new Set(this.named ? this.keys.values() : []);
    let named = this.named;
    let index = this.keys.size;
    const built: Array<{ group: ParamGroup<O>; keys: string[] }> = [];
    for (const pg of parsed) {
      if (pg.params.length > 0) {
        const isNamed = pg.names !== null;
        if (named !== null && named !== isNamed) {
          const expected = named ? '[name, Tensor] pairs' : 'Tensors (not [name, Tensor] pairs)';
          throw new TypeError(
            `${where}: ${pg.path} must hold ${expected} like the other groups, got ${isNamed ? 'pairs' : 'Tensors'}`,
          );
        }
        named = isNamed;
      }
      const options = mergeOptions(
        this.spec,
        this.defaults,
        pg.overrides,
        where,
        pg.path === 'params' ? '' : `${pg.path}.`,
        true,
      );
      const keys: string[] = [];
      pg.params.forEach((param, i) => {
        const path = pg.names
          ? `${pg.path}['${pg.names[i]}']`
          : `${pg.path}${pg.path === 'params' ? '' : '.params'}[${i}]`;
        const earlier = seen.get(param);
        if (earlier !== undefined) {
          throw new RangeError(
            `${where}: ${path} must not repeat a tensor, got the same tensor as ${earlier}`,
          );
        }
        seen.set(param, path);
        if (pg.names) {
          if (names.has(pg.names[i]))
            throw new RangeError(
              `${where}: ${path} must have a unique name, got '${pg.names[i]}' twice`,
            );
          names.add(pg.names[i]);
          keys.push(pg.names[i]);
        } else {
          keys.push(String(index++));
        }
      });
      const group = { ...options, params: Object.freeze([...pg.params]) } as ParamGroup<O>;
      if (pg.names)
        Object.defineProperty(group, 'paramNames', {
          value: Object.freeze([...pg.names]),
          enumerable: false,
        });
      built.push({ group, keys });
    }
    this.named = named;
    for (const { group, keys } of built) {
      this.paramGroups.push(group);
      group.params.forEach((p, i) => {
        this.keys.set(p, keys[i]);
      });
    }
  }
}

export type { OptimizerSpec } from './internal/options';
export type { OptimizerStateDict, StateDictEntry } from './internal/state-dict';

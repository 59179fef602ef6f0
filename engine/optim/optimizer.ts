// The Optimizer base, as torch.optim.Optimizer: parameter groups with their own options,
// per-parameter state, zeroGrad/step, and a state dict for resuming training exactly.
// Subclasses give one update rule for one parameter; they never see groups or the state dict.

import { Tensor } from '../tensor/tensor.ts';
import { isFloat, type DType, type TypedArray } from '../tensor/dtype.ts';
import { zerosLike, fullLike } from '../tensor/creation.ts';
import { sameShape } from '../tensor/shape.ts';
import { noGrad, enableGrad } from '../autograd/grad-mode.ts';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.ts';
import { checkField, rules, stateError } from './state-checks.ts';
import { checkOptions as checkOptionKeys } from '../options.ts';
import '../ops/index.ts'; // installs copy_/zero_/to on Tensor

/** PyTorch optimizer switches that choose an implementation; there is one implementation here. */
const OPTIM_HINTS = Object.fromEntries(['foreach', 'fused', 'capturable', 'differentiable'].map((k) => [k, `${k} is not an option here (there is one implementation)`]));

/** What an optimizer remembers about one parameter: a step count, running averages… */
export type ParamState = Record<string, Tensor | number>;

/** One parameter group: its tensors and its options (lr, momentum…), plus what schedulers add (initialLr). */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [option: string]: unknown;
}

/** A group as the user writes it: `{ params: body.parameters(), lr: 1e-4 }`; missing options take the defaults. */
export type ParamGroupInput<O> = Partial<O> & { params: Iterable<Tensor> | Tensor; [option: string]: unknown };

/** Parameters as PyTorch takes them: an iterable of tensors, or of parameter groups. */
export type Params<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** PyTorch's layout: state keyed by the parameter's index (counted across groups in order), groups with indices. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: Array<{ params: number[]; [option: string]: unknown }>;
}

export abstract class Optimizer<O extends { lr: number } = { lr: number }> {
  readonly defaults: Readonly<O>;
  readonly paramGroups: Array<ParamGroup & O> = [];
  readonly state = new Map<Tensor, ParamState>();

  /** `defaults` name every option this optimizer takes; `options` (the user's) may only override them. */
  constructor(params: Params<O>, defaults: O, options: object = {}) {
    checkOptionKeys(this.name, options, Object.keys(defaults), OPTIM_HINTS);
    this.defaults = { ...defaults, ...options };
    this.checkOptions(this.defaults as ParamGroup & O, '');
    const list = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (list.length === 0) throw new ValueError(`${this.name}: got an empty parameter list`);
    const groups = list.every((x) => x instanceof Tensor) ? [{ params: list } as unknown as ParamGroupInput<O>] : (list as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  get name(): string {
    return this.constructor.name;
  }

  /** Throws a ValueError naming the option when a group's options are invalid (`where` says which group). */
  protected abstract checkOptions(group: ParamGroup & O, where: string): void;

  /** Updates one parameter in place from its gradient (already known to be non-null). */
  protected abstract update(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup & O): void;

  /** Adds a group (fine-tuning: unfreeze a layer and give it its own lr). */
  addParamGroup(group: ParamGroupInput<O>): void {
    const where = ` in param group ${this.paramGroups.length}`;
    if (group === null || typeof group !== 'object' || !('params' in group)) {
      throw new ValueError(`${this.name}: a parameter group must be an object with 'params'${where}`);
    }
    checkOptionKeys(`${this.name}${where}`, group, ['params', ...Object.keys(this.defaults)], OPTIM_HINTS);
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${this.name}: can only optimize Tensors, but params[${i}]${where} is ${typeof p}`);
      if (!p.isLeaf) throw new ValueError(`${this.name}: can't optimize a non-leaf tensor (params[${i}]${where} was made by '${p.gradFn?.name}')`);
      if (!isFloat(p.dtype)) throw new ValueError(`${this.name}: can only optimize floating-point tensors, params[${i}]${where} is ${p.dtype}`);
      if (params.indexOf(p) !== i) throw new ValueError(`${this.name}: params[${i}]${where} repeats params[${params.indexOf(p)}]`);
    });
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p))) throw new ValueError(`${this.name}: some parameters appear in more than one parameter group`);
    const full = { ...structuredClone(this.defaults), ...group, params } as ParamGroup & O;
    this.checkOptions(full, where);
    this.paramGroups.push(full);
  }

  /** Clears gradients: to null (the default, as PyTorch 2) or to zeros in place. */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    checkOptionKeys(`${this.name}.zeroGrad`, opts, ['setToNone']);
    const { setToNone = true } = opts;
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (setToNone) p.grad = null;
        else if (p.grad.gradFn) p.grad = zerosLike(p.grad);
        else p.grad.zero_();
      }
    }
  }

  /** One update of every parameter that has a gradient. A closure re-evaluates the loss first (returned). */
  step<L = undefined>(closure?: () => L): L | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          if (!sameShape(p.grad.shape, p.shape)) {
            throw new ShapeError(`${this.name}.step: a gradient of shape ${fmtShape(p.grad.shape)} does not fit its parameter of shape ${fmtShape(p.shape)}`);
          }
          let state = this.state.get(p);
          if (!state) this.state.set(p, (state = {}));
          this.update(p, p.grad, state, group);
        }
      }
    });
    return loss;
  }

  /** A snapshot (tensors copied) in PyTorch's layout; JSON-able apart from the state's tensors. */
  stateDict(): OptimizerStateDict {
    let next = 0;
    const state: Record<number, ParamState> = {};
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...options } = g;
      const indices = params.map((p) => {
        const s = this.state.get(p);
        if (s && Object.keys(s).length > 0) state[next] = copyState(s);
        return next++;
      });
      return { ...structuredClone(options), params: indices };
    });
    return { state, paramGroups };
  }

  /**
   * The per-parameter state fields this optimizer keeps and what each must be, for loadStateDict:
   * 'count' a step count, 'buffer' a float tensor shaped like its parameter, 'nonNegative' such a
   * tensor holding squares (negative entries would give √ of a negative). null (a subclass written
   * elsewhere): any field name, each a finite number or a fitting tensor.
   */
  protected stateFields(): Readonly<Record<string, StateField>> | null {
    return null;
  }

  /**
   * Restores a stateDict() onto this optimizer's parameters (matched by position): the saved
   * options replace the groups' options, the saved state replaces the state. Checks every value's
   * type and range first (errors name the path, e.g. optimizer.state.3.step, and the value), and
   * changes nothing unless all of it is valid.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const who = `${this.name}.loadStateDict`;
    if (!sd || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || !sd.state || typeof sd.state !== 'object') {
      throw new ValueError(`${who}: expected an object { state, paramGroups } as stateDict() makes`);
    }
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new ValueError(`${who}: the state dict has ${sd.paramGroups.length} parameter groups, the optimizer has ${this.paramGroups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    const groups = sd.paramGroups.map((saved, gi) => {
      const path = `optimizer.paramGroups.${gi}`;
      const params = this.paramGroups[gi].params;
      if (!saved || typeof saved !== 'object') throw stateError(who, path, saved, 'an object of options with params');
      if (!Array.isArray(saved.params) || saved.params.length !== params.length) {
        const n = Array.isArray(saved.params) ? saved.params.length : 'no';
        throw new ValueError(`${who}: parameter group ${gi} has ${n} parameters in the state dict but ${params.length} in the optimizer`);
      }
      saved.params.forEach((idx, j) => {
        checkField(who, `${path}.params.${j}`, idx, rules.count);
        if (byIndex.has(idx)) throw stateError(who, `${path}.params.${j}`, idx, 'an index no other parameter has');
        byIndex.set(idx, params[j]);
      });
      const { params: _indices, ...options } = saved;
      // What schedulers keep in the groups (initialLr, OneCycleLR's anchors) is read as lrs and momenta.
      for (const key of SCHEDULER_GROUP_KEYS) if (key in options) checkField(who, `${path}.${key}`, options[key], rules.nonNegative);
      const group = { ...structuredClone(options), params } as ParamGroup & O;
      try {
        this.checkOptions(group, ` in ${path}`);
      } catch (e) {
        // The option checks name the optimizer; say that it was a load.
        if (e instanceof ValueError) throw new ValueError(`${who}: ${e.message.replace(/^\w+: /, '')}`);
        throw e;
      }
      return group;
    });
    const fields = this.stateFields();
    const state = new Map<Tensor, ParamState>();
    for (const [key, entry] of Object.entries(sd.state)) {
      const p = /^\d+$/.test(key) ? byIndex.get(Number(key)) : undefined;
      if (!p) throw new ValueError(`${who}: optimizer.state.${key} belongs to no parameter (the groups list indices ${[...byIndex.keys()].join(', ')})`);
      if (!entry || typeof entry !== 'object') throw stateError(who, `optimizer.state.${key}`, entry, 'an object of numbers and tensors');
      const s: ParamState = {};
      for (const [field, v] of Object.entries(entry)) s[field] = loadStateField(who, `optimizer.state.${key}.${field}`, v, p, fields ? fields[field] : null, fields);
      state.set(p, s);
    }
    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }

  toString(): string {
    const lines = this.paramGroups.map((g, i) => {
      const { params, ...options } = g;
      const opts = Object.entries(options).map(([k, v]) => `    ${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`);
      return [`  Parameter Group ${i} (${params.length} tensors)`, ...opts].join('\n');
    });
    return `${this.name} (\n${lines.join('\n')}\n)`;
  }
}

// ---- helpers the update rules share: flat element access without temporaries ----

/** A fresh contiguous copy of t in the given dtype. */
function copyTensor(t: Tensor, dtype: DType): Tensor {
  const c = new Tensor(t.toTypedArray(), t.shape);
  return c.dtype === dtype ? c : c.to(dtype);
}

const copyState = (s: ParamState): ParamState =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? copyTensor(v, v.dtype) : v]));

/** What one per-parameter state field must be (see Optimizer.stateFields). */
export type StateField = 'count' | 'buffer' | 'nonNegative';

/** Group keys the schedulers add: all are lrs or momenta, so finite and ≥ 0. */
const SCHEDULER_GROUP_KEYS = ['initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum'];

/** One checked, copied state value for parameter p; `kind` null with `known` set: a field this optimizer never keeps. */
function loadStateField(who: string, path: string, v: unknown, p: Tensor, kind: StateField | null | undefined, known: Readonly<Record<string, StateField>> | null): Tensor | number {
  if (known && kind === undefined) {
    throw new ValueError(`${who}: ${path} is not state this optimizer keeps (its fields: ${Object.keys(known).join(', ')})`);
  }
  if (v instanceof Tensor && v.numel() === 1 && (kind === 'count' || (!kind && path.endsWith('.step')))) v = v.item(); // PyTorch keeps step as a tensor
  if (kind === 'count') {
    checkField(who, path, v, rules.count);
    return v as number;
  }
  if (typeof v === 'number' && !kind) {
    checkField(who, path, v, rules.finite);
    return v;
  }
  if (!(v instanceof Tensor)) throw stateError(who, path, v, kind ? `a tensor shaped like its parameter ${fmtShape(p.shape)}` : 'a number or a tensor');
  if (!sameShape(v.shape, p.shape)) throw new ShapeError(`${who}: ${path} has shape ${fmtShape(v.shape)} but its parameter has shape ${fmtShape(p.shape)}`);
  if (!isFloat(v.dtype)) throw new DTypeError(`${who}: ${path} has dtype ${v.dtype}; optimizer state must be floating point like its parameter (${p.dtype})`);
  const data = v.toTypedArray();
  for (let i = 0; i < data.length; i++) {
    const x = data[i] as number;
    if (!Number.isFinite(x) || (kind === 'nonNegative' && x < 0)) {
      throw stateError(who, `${path}[flat index ${i}]`, x, kind === 'nonNegative' ? 'a finite number ≥ 0 (it holds squares)' : 'a finite number');
    }
  }
  return copyTensor(v, p.dtype);
}

/** t's elements in row-major order: the storage itself when t is contiguous, else a copy (read-only use). */
export function flatOf(t: Tensor): TypedArray {
  const n = t.numel();
  return t.isContiguous() ? t.data.subarray(t.offset, t.offset + n) : t.toTypedArray();
}

/** Runs fn over p's elements as one flat array and makes the writes land in p (copied back for strided views). */
export function updateFlat(p: Tensor, fn: (w: TypedArray) => void): void {
  if (p.isContiguous()) {
    fn(p.data.subarray(p.offset, p.offset + p.numel()));
    return;
  }
  const w = p.toTypedArray();
  fn(w);
  noGrad(() => p.copy_(new Tensor(w, p.shape)));
}

/** The flat storage of state[key], created (filled with `init`, shaped and typed like p) on first use. */
export function stateBuffer(state: ParamState, key: string, p: Tensor, init = 0): TypedArray {
  let t = state[key];
  if (!(t instanceof Tensor)) state[key] = t = init === 0 ? zerosLike(p) : fullLike(p, init);
  return flatOf(t);
}

/** Increments and returns state.step (the per-parameter count PyTorch keeps). */
export function nextStep(state: ParamState): number {
  const step = (typeof state.step === 'number' ? state.step : 0) + 1;
  state.step = step;
  return step;
}

// ---- option checks: each names the optimizer, the option and the group ----

export function checkRange(opt: string, name: string, value: unknown, where: string, lo: number, hi = Infinity, hiOpen = false): void {
  // Finite always: an infinite lr, decay or momentum only ever turns the weights into NaN.
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= lo && (hiOpen ? value < hi : value <= hi);
  if (!ok) {
    const range = hi === Infinity ? `≥ ${lo}` : `in [${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    throw new ValueError(`${opt}: invalid ${name} ${typeof value === 'string' ? `'${value}'` : String(value)}${where} (must be a finite number ${range})`);
  }
}

export function checkBool(opt: string, name: string, value: unknown, where: string): void {
  if (typeof value !== 'boolean') throw new ValueError(`${opt}: invalid ${name} ${String(value)}${where} (must be true or false)`);
}

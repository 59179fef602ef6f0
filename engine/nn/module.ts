// Module: the base of every layer and model, with PyTorch's semantics. A subclass assigns
// submodules and Parameters as plain properties (this.fc1 = new Linear(…)); they are found by
// walking the object's own properties in insertion order, so nothing needs registering by hand.
// Buffers (running statistics) are registered with registerBuffer. Containers live in containers.ts.

import { Tensor } from '../tensor/tensor.ts';
import { isFloat, type DType } from '../tensor/dtype.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { Parameter } from './parameter.ts';
import '../ops/index.ts'; // installs the Tensor methods (copy_, to, …) used below
import { checkOptions } from '../options.ts';

export interface BufferOptions {
  /** Persistent buffers are part of stateDict() (default true). */
  persistent?: boolean;
}
export interface NamedOptions {
  /** Prepended with a dot to every name. */
  prefix?: string;
  /** Include submodules' members (default true); false: only this module's own. */
  recurse?: boolean;
}
export interface LoadStateDictOptions {
  /** Throw when keys are missing from, or unexpected in, the state dict (default true). */
  strict?: boolean;
}
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}
export type ForwardPreHook = (module: Module, args: unknown[]) => unknown[] | void;
export type ForwardHook = (module: Module, args: unknown[], output: unknown) => unknown;
export interface HookHandle {
  remove(): void;
}

const join = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name);
const withCommas = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const indent = (text: string): string => text.split('\n').join('\n  ');

function checkName(op: string, name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new ValueError(`${op}: a name must be a non-empty string without '.', got ${JSON.stringify(name)}`);
  }
}

export abstract class Module {
  /** True after train(), false after eval(): dropout and batch norm read it. */
  training = true;
  // Private fields are invisible to the property walk, so they never show up as members.
  #buffers = new Map<string, Tensor | null>();
  #nonPersistent = new Set<string>();
  #preHooks = new Set<ForwardPreHook>();
  #hooks = new Set<ForwardHook>();

  /** The computation; call the module with call(), which also runs the hooks. */
  abstract forward(...args: any[]): any;

  /** PyTorch's module(x): pre-hooks (which may replace the arguments), forward, then hooks (which may replace the output). */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    let input: unknown[] = args;
    for (const hook of this.#preHooks) input = hook(this, input) ?? input;
    let output: unknown = this.forward(...input);
    for (const hook of this.#hooks) {
      const replaced = hook(this, input, output);
      if (replaced !== undefined) output = replaced;
    }
    return output as ReturnType<this['forward']>;
  }

  registerForwardPreHook(hook: ForwardPreHook): HookHandle {
    this.#preHooks.add(hook);
    return { remove: () => void this.#preHooks.delete(hook) };
  }

  registerForwardHook(hook: ForwardHook): HookHandle {
    this.#hooks.add(hook);
    return { remove: () => void this.#hooks.delete(hook) };
  }

  // ---- membership ----

  /**
   * This module's own members, [name, value], in registration order: by default its enumerable own
   * properties (integer-like names first, as JavaScript orders them). Containers that keep their
   * members elsewhere override this and _setMember.
   */
  protected _members(): [string, unknown][] {
    return Object.entries(this);
  }

  /** Replaces the member `name` (used by to(dtype)). */
  protected _setMember(name: string, value: unknown): void {
    (this as unknown as Record<string, unknown>)[name] = value;
  }

  /** Same as `this[name] = param`, for names computed at run time (weightIhL0, …). */
  registerParameter(name: string, param: Parameter | null): void {
    checkName('registerParameter', name);
    if (param !== null && !(param instanceof Parameter)) throw new ValueError(`registerParameter: '${name}' must be a Parameter or null`);
    this._setMember(name, param);
  }

  /** Same as `this[name] = module`. */
  registerModule(name: string, module: Module | null): void {
    checkName('registerModule', name);
    if (module !== null && !(module instanceof Module)) throw new ValueError(`registerModule: '${name}' must be a Module or null`);
    this._setMember(name, module);
  }

  /**
   * A tensor that belongs to the module's state but is not trained (e.g. running means). It reads
   * and writes as the property this[name]; non-persistent buffers stay out of stateDict().
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: BufferOptions = {}): void {
    checkOptions('registerBuffer', opts, ['persistent']);
    const { persistent = true } = opts;
    checkName('registerBuffer', name);
    if (tensor !== null && !(tensor instanceof Tensor)) throw new ValueError(`registerBuffer: '${name}' must be a Tensor or null`);
    if (tensor instanceof Parameter) throw new ValueError(`registerBuffer: '${name}' is a Parameter; assign it as a property instead`);
    const existing = Object.getOwnPropertyDescriptor(this, name);
    if (!this.#buffers.has(name) && existing && existing.value !== undefined) {
      throw new ValueError(`registerBuffer: ${this.constructor.name} already has a member named '${name}'`);
    }
    this.#buffers.set(name, tensor);
    if (persistent) this.#nonPersistent.delete(name);
    else this.#nonPersistent.add(name);
    Object.defineProperty(this, name, {
      get: () => this.#buffers.get(name),
      set: (t: Tensor | null) => {
        if ((t !== null && !(t instanceof Tensor)) || t instanceof Parameter) {
          throw new ValueError(`${this.constructor.name}.${name} is a buffer: assign a Tensor (not a Parameter) or null`);
        }
        this.#buffers.set(name, t);
      },
      enumerable: false, // buffers are listed by #buffers, not by the property walk
      configurable: true,
    });
  }

  /** [name, child] for each direct submodule (each module once). */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, value] of this._members()) {
      if (Array.isArray(value) && value.some((v) => v instanceof Module || v instanceof Parameter)) {
        throw new ValueError(`${this.constructor.name}.${name}: a plain array of modules or parameters is not registered; use ModuleList or ParameterList`);
      }
      if (value instanceof Module && !seen.has(value)) {
        seen.add(value);
        out.push([name, value]);
      }
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * [dotted name, module] for this module ('' or the prefix) and every descendant, depth first.
   * A module reachable by two paths is listed once unless removeDuplicate is false.
   */
  namedModules(opts: { prefix?: string; removeDuplicate?: boolean } = {}): [string, Module][] {
    checkOptions('namedModules', opts, ['prefix', 'removeDuplicate']);
    const { prefix = '', removeDuplicate = true } = opts;
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (m: Module, name: string, ancestors: Set<Module>): void => {
      if (ancestors.has(m) || (removeDuplicate && seen.has(m))) return; // never loop on a cycle
      seen.add(m);
      out.push([name, m]);
      const inner = new Set(ancestors).add(m);
      for (const [childName, child] of m.namedChildren()) visit(child, join(name, childName), inner);
    };
    visit(this, prefix, new Set());
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Own parameters (non-null) of this module, in order. */
  #ownParameters(): [string, Parameter][] {
    return this._members().filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  #ownBuffers(persistentOnly = false): [string, Tensor][] {
    return [...this.#buffers].filter((e): e is [string, Tensor] => e[1] !== null && !(persistentOnly && this.#nonPersistent.has(e[0])));
  }

  /** Walks modules (deduplicated) and collects each one's own members, deduplicating by identity. */
  #collect<T>(own: (m: Module) => [string, T][], { prefix = '', recurse = true }: NamedOptions): [string, T][] {
    const mods: [string, Module][] = recurse ? this.namedModules({ prefix }) : [[prefix, this]];
    const seen = new Set<T>();
    const out: [string, T][] = [];
    for (const [modName, m] of mods) {
      for (const [name, value] of own(m)) {
        if (seen.has(value)) continue; // a tied weight is trained once
        seen.add(value);
        out.push([join(modName, name), value]);
      }
    }
    return out;
  }

  /** [dotted name, parameter] pairs: fc1.weight, fc1.bias, … (a shared parameter once). */
  namedParameters(opts: NamedOptions = {}): [string, Parameter][] {
    checkOptions('namedParameters', opts, ['prefix', 'recurse']);
    return this.#collect((m) => m.#ownParameters(), opts);
  }

  parameters(recurse = true): Parameter[] {
    return this.namedParameters({ recurse }).map(([, p]) => p);
  }

  /** [dotted name, buffer] pairs for non-null buffers, persistent or not. */
  namedBuffers(opts: NamedOptions = {}): [string, Tensor][] {
    checkOptions('namedBuffers', opts, ['prefix', 'recurse']);
    return this.#collect((m) => m.#ownBuffers(), opts);
  }

  buffers(recurse = true): Tensor[] {
    return this.namedBuffers({ recurse }).map(([, b]) => b);
  }

  /** The descendant at a dotted path ('' is this module): getSubmodule('encoder.layers.0'). */
  getSubmodule(target: string): Module {
    let m: Module = this;
    for (const part of target ? target.split('.') : []) {
      const next = m.namedChildren().find(([name]) => name === part);
      if (!next) throw new ValueError(`getSubmodule: ${m.constructor.name} has no submodule '${part}' (path '${target}')`);
      m = next[1];
    }
    return m;
  }

  // ---- modes and gradients ----

  /** Sets training mode on this module and every descendant; returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** train(false): dropout passes inputs through, batch norm uses its running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Turns gradients on or off for every parameter: requiresGrad_(false) freezes the module. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /** Clears every parameter's .grad: to null (default, as PyTorch), or to zeros. */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      if (setToNone) p.grad = null;
      else if (p.grad) p.grad.zero_();
    }
  }

  /** Calls fn on every submodule (children first, depth first) and then on this one; returns this. */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Casts floating-point parameters and buffers to dtype. Each parameter is replaced by a new
   * Parameter (its .grad is dropped), so build optimizers after calling this.
   */
  to(dtype: DType): this {
    if (!isFloat(dtype)) throw new ValueError(`Module.to: parameters can only be cast to a floating-point dtype, got ${dtype}`);
    const converted = new Map<Parameter, Parameter>(); // so tied weights stay tied
    noGrad(() => {
      for (const m of this.modules()) {
        for (const [name, p] of m.#ownParameters()) {
          if (!isFloat(p.dtype) || p.dtype === dtype) continue;
          if (!converted.has(p)) converted.set(p, new Parameter(p.to(dtype), p.requiresGrad));
          m._setMember(name, converted.get(p));
        }
        for (const [name, b] of m.#buffers) if (b && isFloat(b.dtype)) m.#buffers.set(name, b.to(dtype));
      }
    });
    return this;
  }

  // ---- state ----

  /**
   * Every parameter and persistent buffer by dotted name, in registration order. The values are
   * detached views sharing storage with the model (as PyTorch's references): they change when the
   * model trains, so clone() them to keep a snapshot. A module shared by two paths appears under both.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [modName, m] of this.namedModules({ removeDuplicate: false })) {
      for (const [name, t] of [...m.#ownParameters(), ...m.#ownBuffers(true)]) out[join(modName, name)] = t.detach();
    }
    return out;
  }

  /**
   * Copies values into the model's parameters and buffers (casting dtype as needed). A shape
   * mismatch always throws, naming the key and both shapes; with strict (default) so do missing and
   * unexpected keys. Everything is checked before anything is written, so a failed load changes nothing.
   */
  loadStateDict(stateDict: Record<string, Tensor>, opts: LoadStateDictOptions = {}): LoadStateDictResult {
    checkOptions('loadStateDict', opts, ['strict']);
    const { strict = true } = opts;
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !Object.hasOwn(stateDict, k));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !Object.hasOwn(own, k));
    const where = `loadStateDict (${this.constructor.name})`;
    const mismatches: string[] = [];
    for (const [key, target] of Object.entries(own)) {
      if (!Object.hasOwn(stateDict, key)) continue;
      const src = stateDict[key];
      if (!(src instanceof Tensor)) throw new ValueError(`${where}: '${key}' must be a Tensor, got ${src === null ? 'null' : typeof src}`);
      if (fmtShape(src.shape) !== fmtShape(target.shape)) {
        mismatches.push(`'${key}': the state dict has shape ${fmtShape(src.shape)} but the model has ${fmtShape(target.shape)}`);
      }
    }
    if (mismatches.length) throw new ShapeError(`${where}: size mismatch for ${mismatches.join('; ')}`);
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      const parts = [];
      if (missingKeys.length) parts.push(`missing keys: ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
      throw new ValueError(`${where}: ${parts.join('; ')} (pass { strict: false } to load the keys that match)`);
    }
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) if (Object.hasOwn(stateDict, key)) target.copy_(stateDict[key]);
    });
    return { missingKeys, unexpectedKeys };
  }

  /** Number of parameter elements (each shared parameter once); trainableOnly counts those requiring grad. */
  numParameters(opts: { trainableOnly?: boolean } = {}): number {
    checkOptions('numParameters', opts, ['trainableOnly']);
    const { trainableOnly = false } = opts;
    return this.parameters().reduce((n, p) => n + (!trainableOnly || p.requiresGrad ? p.numel() : 0), 0);
  }

  // ---- printing ----

  /** The layer's settings for printing, e.g. 'inFeatures=784, outFeatures=256, bias=true'. */
  extraRepr(): string {
    return '';
  }

  /** The module tree as PyTorch prints it, without the parameter count. */
  repr(): string {
    const lines = [
      ...(this.extraRepr() ? this.extraRepr().split('\n') : []),
      ...this.namedChildren().map(([name, child]) => `(${name}): ${indent(child.repr())}`),
    ];
    const name = this.constructor.name;
    if (!lines.length) return `${name}()`;
    if (lines.length === 1 && !this.namedChildren().length) return `${name}(${lines[0]})`;
    return `${name}(\n  ${lines.join('\n  ')}\n)`;
  }

  /** repr() and a last line with the total and trainable parameter counts. */
  toString(): string {
    const total = this.numParameters(), trainable = this.numParameters({ trainableOnly: true });
    return `${this.repr()}\nParameters: ${withCommas(total)} (trainable: ${withCommas(trainable)})`;
  }

  /** console.log(model) in Node prints the tree rather than the object's fields. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

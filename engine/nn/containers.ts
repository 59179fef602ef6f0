// Containers: Sequential (runs its modules in order), ModuleList and ModuleDict (hold modules so
// that parameters() finds them), ParameterList. Lists keep their items as own properties "0",
// "1", …, which JavaScript enumerates first and in numeric order, so list[i] works and the
// Module property walk sees them in order.

import type { Tensor } from '../tensor/tensor.ts';
import { IndexError, ValueError } from '../errors.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';

/** Shared list behaviour: get(i) with negative i, length, append/extend/insert, iteration. */
abstract class IndexedModule<T> extends Module {
  #length = 0;

  protected abstract _check(item: unknown): T;

  get length(): number {
    return this.#length;
  }

  #index(op: string, i: number, size = this.#length): number {
    if (!Number.isInteger(i) || i < -size || i >= size) {
      throw new IndexError(`${this.constructor.name}.${op}: index ${i} is out of range for ${size} items`);
    }
    return i < 0 ? i + size : i;
  }

  /** The items live as numeric own properties. */
  get #slots(): Record<number, T> {
    return this as unknown as Record<number, T>;
  }

  get(i: number): T {
    return this.#slots[this.#index('get', i)];
  }

  /** Replaces item i. */
  set(i: number, item: T): void {
    this.#slots[this.#index('set', i)] = this._check(item);
  }

  append(item: T): this {
    this.#slots[this.#length++] = this._check(item);
    return this;
  }

  extend(items: Iterable<T>): this {
    for (const item of items) this.append(item);
    return this;
  }

  /** Inserts before index i (i = length appends). */
  insert(i: number, item: T): this {
    const at = i === this.#length ? i : this.#index('insert', i);
    const slots = this.#slots;
    const checked = this._check(item);
    for (let k = this.#length; k > at; k--) slots[k] = slots[k - 1];
    slots[at] = checked;
    this.#length++;
    return this;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.#length; i++) yield this.#slots[i];
  }
}

function checkModule(owner: Module, m: unknown): Module {
  if (!(m instanceof Module)) throw new ValueError(`${owner.constructor.name}: items must be Modules, got ${typeof m}`);
  return m;
}

/** Holds submodules in a list; it has no forward (index it and call the items yourself). */
export class ModuleList extends IndexedModule<Module> {
  readonly [index: number]: Module;

  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  protected _check(m: unknown): Module {
    return checkModule(this, m);
  }

  forward(): never {
    throw new ValueError('ModuleList has no forward(): iterate over it and call each module');
  }
}

/** Chains modules: forward(x) = mₙ(…m₂(m₁(x))). Index with seq[i] or seq.get(i) (negative i counts from the end). */
export class Sequential extends IndexedModule<Module> {
  readonly [index: number]: Module;

  constructor(...modules: Module[]) {
    super();
    this.extend(modules);
  }

  protected _check(m: unknown): Module {
    return checkModule(this, m);
  }

  forward(input: Tensor): Tensor {
    let x: any = input;
    for (const m of this) x = m.call(x);
    return x;
  }

  /** A new Sequential sharing modules start..end-1 (negative indices count from the end). */
  slice(start = 0, end = this.length): Sequential {
    return new Sequential(...[...this].slice(start, end));
  }
}

/** Holds submodules by name, in insertion order (any name without '.'). */
export class ModuleDict extends Module {
  #items = new Map<string, Module>();

  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    const entries = Symbol.iterator in modules ? modules : Object.entries(modules);
    for (const [k, m] of entries as Iterable<[string, Module]>) this.set(k, m);
  }

  protected override _members(): [string, unknown][] {
    return [...Object.entries(this), ...this.#items];
  }

  protected override _setMember(name: string, value: unknown): void {
    if (this.#items.has(name)) this.#items.set(name, value as Module);
    else super._setMember(name, value);
  }

  get(key: string): Module {
    const m = this.#items.get(key);
    if (!m) throw new IndexError(`ModuleDict.get: no module named '${key}' (keys: ${[...this.#items.keys()].join(', ')})`);
    return m;
  }

  set(key: string, m: Module): this {
    if (typeof key !== 'string' || !key || key.includes('.')) throw new ValueError(`ModuleDict.set: a key must be a non-empty string without '.', got ${JSON.stringify(key)}`);
    if (!(m instanceof Module)) throw new ValueError(`ModuleDict.set: '${key}' must be a Module`);
    this.#items.set(key, m);
    return this;
  }

  has(key: string): boolean {
    return this.#items.has(key);
  }

  delete(key: string): boolean {
    return this.#items.delete(key);
  }

  get size(): number {
    return this.#items.size;
  }

  keys(): string[] {
    return [...this.#items.keys()];
  }

  values(): Module[] {
    return [...this.#items.values()];
  }

  entries(): [string, Module][] {
    return [...this.#items];
  }

  forward(): never {
    throw new ValueError('ModuleDict has no forward(): get a module by name and call it');
  }
}

/** Holds Parameters in a list so that parameters() finds them: names "0", "1", …. */
export class ParameterList extends IndexedModule<Parameter> {
  readonly [index: number]: Parameter;

  constructor(params: Iterable<Parameter> = []) {
    super();
    this.extend(params);
  }

  protected _check(p: unknown): Parameter {
    if (!(p instanceof Parameter)) throw new ValueError(`ParameterList: items must be Parameters, got ${typeof p}`);
    return p;
  }

  forward(): never {
    throw new ValueError('ParameterList has no forward()');
  }

  override extraRepr(): string {
    return [...this].map((p, i) => `(${i}): Parameter of shape [${p.shape.join(', ')}] (${p.dtype})`).join('\n');
  }
}

// Checkpoints: everything needed to resume training, in ONE safetensors file (so any safetensors
// reader can still open it). Tensors go in as tensors, everything else as JSON in __metadata__:
//   model.<name>                      the model's stateDict()
//   optimizer.state.<i>.<field>       tensor fields of the optimizer's per-parameter state
//   extra.<key>                       tensors passed in `extra`
//   __metadata__: format, epoch, metrics, optimizer (groups + number fields), optimizer_class,
//                 scheduler, extra — each a JSON string (±Infinity and NaN kept, which JSON can't).
// Loading checks the file, then restores the model, optimizer and scheduler, or changes nothing.

import { Tensor } from '../tensor/tensor.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { FormatError, ValueError } from '../errors.ts';
import { saveSafetensors, loadSafetensors } from './safetensors.ts';
import { jsonNestingProblem } from './json-keys.ts';
import '../ops/index.ts'; // installs clone() on Tensor
import { checkOptions } from '../options.ts';

/** What a model must offer (nn.Module does). */
export interface StateDictModule {
  stateDict(): Record<string, Tensor>;
  loadStateDict(sd: Record<string, Tensor>, opts?: { strict?: boolean }): unknown;
}

/** An optimizer's state in PyTorch's layout (optim.Optimizer's stateDict()). */
export interface OptimizerState {
  state: Record<number, Record<string, Tensor | number>>;
  paramGroups: Array<{ params: number[]; [option: string]: unknown }>;
}

export interface StatefulOptimizer {
  stateDict(): OptimizerState;
  loadStateDict(sd: OptimizerState): void;
}

/** A scheduler, early stopping, anything with a JSON-able state. */
export interface Stateful {
  stateDict(): unknown;
  loadStateDict(sd: any): void;
}

export interface SaveCheckpointOptions {
  model: StateDictModule;
  optimizer?: StatefulOptimizer;
  scheduler?: Stateful;
  epoch: number;
  metrics?: Record<string, unknown>;
  /** More to keep: JSON-able values, or tensors (stored as tensors). */
  extra?: Record<string, unknown>;
}

export interface LoadCheckpointOptions {
  model: StateDictModule;
  optimizer?: StatefulOptimizer;
  scheduler?: Stateful;
  /** Passed to model.loadStateDict: missing or unexpected keys throw (default true). */
  strict?: boolean;
  /** Names the file in error messages. */
  file?: string;
}

export interface Checkpoint {
  epoch: number;
  metrics: Record<string, unknown>;
  extra: Record<string, unknown>;
  modelState: Record<string, Tensor>;
  optimizerState: OptimizerState | null;
  optimizerClass: string | null;
  schedulerState: unknown;
}

const FORMAT = 'gradschool.checkpoint';
const VERSION = '1';

// JSON without losing ±Infinity and NaN (early stopping's best value starts at Infinity).
const NONFINITE = '$nonfinite';
const toJson = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? { [NONFINITE]: String(x) } : x));
const reviveNumbers = (_k: string, x: unknown): unknown => {
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const keys = Object.keys(x);
    const tag = (x as Record<string, unknown>)[NONFINITE];
    if (keys.length === 1 && (tag === 'Infinity' || tag === '-Infinity' || tag === 'NaN')) return Number(tag);
  }
  return x;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** obj[key] = value as an own property, even for the key "__proto__" (names come from the file). */
const put = <T>(obj: Record<string, T>, key: string, value: T): void => {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
};

/** Serializes model, optimizer, scheduler, epoch, metrics and extras to checkpoint bytes. */
export function saveCheckpoint(opts: SaveCheckpointOptions): Uint8Array {
  checkOptions('saveCheckpoint', opts, ['model', 'optimizer', 'scheduler', 'epoch', 'metrics', 'extra']);
  const { model, optimizer, scheduler, epoch, metrics = {}, extra = {} } = opts;
  if (!model || typeof model.stateDict !== 'function') throw new ValueError('saveCheckpoint: model must have a stateDict() method (an nn.Module)');
  if (!Number.isFinite(epoch)) throw new ValueError(`saveCheckpoint: epoch must be a finite number, got ${String(epoch)}`);
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(model.stateDict())) tensors[`model.${k}`] = t;
  const meta: Record<string, string> = { format: FORMAT, format_version: VERSION, epoch: toJson(epoch), metrics: toJson(metrics) };
  if (optimizer) {
    const sd = optimizer.stateDict();
    const numbers: Record<string, Record<string, number>> = {};
    for (const [i, fields] of Object.entries(sd.state)) {
      numbers[i] = {};
      for (const [field, v] of Object.entries(fields)) {
        if (v instanceof Tensor) tensors[`optimizer.state.${i}.${field}`] = v;
        else numbers[i][field] = v;
      }
    }
    meta.optimizer = toJson({ paramGroups: sd.paramGroups, state: numbers });
    meta.optimizer_class = (optimizer as { name?: string }).name ?? optimizer.constructor.name;
  }
  if (scheduler) meta.scheduler = toJson(scheduler.stateDict());
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(extra)) {
    if (v instanceof Tensor) tensors[`extra.${k}`] = v;
    else plain[k] = v;
  }
  meta.extra = toJson(plain);
  return saveSafetensors(tensors, meta);
}

/** Parses checkpoint bytes without applying them: the states, epoch, metrics and extras. */
export function readCheckpoint(bytes: Uint8Array | ArrayBuffer, opts: { file?: string } = {}): Checkpoint {
  checkOptions('readCheckpoint', opts, ['file']);
  const { file = 'checkpoint bytes' } = opts;
  const { tensors, metadata } = loadSafetensors(bytes, { file });
  const fail = (field: string, msg: string) => new FormatError(`${file}: ${field}: ${msg}`);
  if (metadata.format !== FORMAT) {
    throw fail('__metadata__.format', `expected '${FORMAT}', got ${metadata.format === undefined ? 'none' : `'${metadata.format}'`} ` +
      '(a plain safetensors file of weights loads with loadSafetensors() and model.loadStateDict())');
  }
  if (metadata.format_version !== VERSION) throw fail('__metadata__.format_version', `expected '${VERSION}', got '${metadata.format_version}'`);
  const json = (key: string): unknown => {
    if (metadata[key] === undefined) return undefined;
    const nesting = jsonNestingProblem(metadata[key], 64, 4);
    if (nesting) throw fail(`__metadata__.${key}`, nesting);
    try {
      return JSON.parse(metadata[key], reviveNumbers);
    } catch (e) {
      throw fail(`__metadata__.${key}`, `is not valid JSON (${(e as Error).message})`);
    }
  };
  const epoch = json('epoch');
  if (typeof epoch !== 'number') throw fail('__metadata__.epoch', `must be a number, got ${JSON.stringify(metadata.epoch)}`);
  const metrics = json('metrics') ?? {};
  if (!isObject(metrics)) throw fail('__metadata__.metrics', 'must be a JSON object');
  const extra = json('extra') ?? {};
  if (!isObject(extra)) throw fail('__metadata__.extra', 'must be a JSON object');

  const modelState: Record<string, Tensor> = {};
  const optTensors: Array<[string, string, Tensor]> = [];
  const extraTensors: Array<[string, Tensor]> = [];
  for (const [name, t] of Object.entries(tensors)) {
    const opt = /^optimizer\.state\.(\d+)\.(.+)$/.exec(name);
    if (name.startsWith('model.')) put(modelState, name.slice(6), t);
    else if (opt) optTensors.push([opt[1], opt[2], t]);
    else if (name.startsWith('extra.')) extraTensors.push([name.slice(6), t]);
    else throw fail(`tensor "${name}"`, 'belongs to no part of a checkpoint (names start with model., optimizer.state.<i>. or extra.)');
  }
  const optimizerState = readOptimizer(json('optimizer'), optTensors, fail);
  if (!optimizerState && optTensors.length) throw fail(`tensor "optimizer.state.${optTensors[0][0]}.${optTensors[0][1]}"`, 'optimizer state tensors without __metadata__.optimizer');
  return {
    epoch,
    metrics,
    extra: { ...extra, ...Object.fromEntries(extraTensors) },
    modelState,
    optimizerState,
    optimizerClass: metadata.optimizer_class ?? null,
    schedulerState: json('scheduler') ?? null,
  };
}

type Fail = (field: string, msg: string) => FormatError;

function readOptimizer(raw: unknown, tensors: Array<[string, string, Tensor]>, fail: Fail): OptimizerState | null {
  if (raw === undefined) return null;
  const field = '__metadata__.optimizer';
  if (!isObject(raw) || !Array.isArray(raw.paramGroups) || !isObject(raw.state)) throw fail(field, 'must be a JSON object { paramGroups: [...], state: {...} }');
  const indices = new Set<number>();
  raw.paramGroups.forEach((g, gi) => {
    if (!isObject(g) || !Array.isArray(g.params) || !g.params.every((i) => Number.isSafeInteger(i) && (i as number) >= 0)) {
      throw fail(`${field}.paramGroups[${gi}]`, 'must be an object whose params list non-negative integer indices');
    }
    for (const i of g.params as number[]) {
      if (indices.has(i)) throw fail(`${field}.paramGroups[${gi}].params`, `index ${i} appears more than once`);
      indices.add(i);
    }
  });
  const state: OptimizerState['state'] = {};
  const slot = (key: string, where: string) => {
    if (!/^\d+$/.test(key) || !indices.has(Number(key))) throw fail(where, `parameter index ${key} is in no parameter group`);
    return (state[Number(key)] ??= {});
  };
  for (const [key, fields] of Object.entries(raw.state)) {
    if (!isObject(fields)) throw fail(`${field}.state.${key}`, 'must be an object of numbers');
    const s = slot(key, `${field}.state.${key}`);
    for (const [f, v] of Object.entries(fields)) {
      if (typeof v !== 'number') throw fail(`${field}.state.${key}.${f}`, `must be a number, got ${JSON.stringify(v)}`);
      put(s, f, v);
    }
  }
  for (const [key, f, t] of tensors) put(slot(key, `tensor "optimizer.state.${key}.${f}"`), f, t);
  return { paramGroups: raw.paramGroups as OptimizerState['paramGroups'], state };
}

/** A FormatError carrying the original message (loadStateDict's words) with the file and the part. */
function located(e: unknown, file: string, part: string): Error {
  const out = new FormatError(`${file}: ${part}: ${e instanceof Error ? e.message : String(e)}`);
  (out as Error & { cause?: unknown }).cause = e;
  return out;
}

/**
 * Restores a checkpoint into `model` (and `optimizer`, `scheduler` when given) and returns what it
 * held. A file that does not fit — shapes, missing or unexpected keys (strict), another optimizer
 * class or group layout — throws a FormatError naming the file, and leaves everything unchanged.
 */
export function loadCheckpoint(bytes: Uint8Array | ArrayBuffer, opts: LoadCheckpointOptions): Checkpoint & { missingKeys: string[]; unexpectedKeys: string[] } {
  checkOptions('loadCheckpoint', opts, ['model', 'optimizer', 'scheduler', 'strict', 'file']);
  const { model, optimizer, scheduler, strict = true, file = 'checkpoint bytes' } = opts ?? ({} as LoadCheckpointOptions);
  if (!model || typeof model.loadStateDict !== 'function') throw new ValueError('loadCheckpoint: model must have a loadStateDict() method (an nn.Module)');
  const ck = readCheckpoint(bytes, { file });
  if (optimizer) {
    if (!ck.optimizerState) throw new FormatError(`${file}: __metadata__.optimizer: the checkpoint holds no optimizer state to restore`);
    const name = (optimizer as { name?: string }).name ?? optimizer.constructor.name;
    if (ck.optimizerClass && ck.optimizerClass !== name) {
      throw new FormatError(`${file}: __metadata__.optimizer_class: the checkpoint holds ${ck.optimizerClass} state, but the optimizer is ${name}`);
    }
  }
  if (scheduler && ck.schedulerState === null) throw new FormatError(`${file}: __metadata__.scheduler: the checkpoint holds no scheduler state to restore`);

  // Module.loadStateDict checks before writing; snapshots undo it if a later part fails.
  const snapshot = () => noGrad(() => Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()])));
  const modelBefore = optimizer || scheduler ? snapshot() : {};
  const optimizerBefore = scheduler ? optimizer?.stateDict() : undefined;
  let result: unknown;
  let stage = 'model state';
  try {
    result = model.loadStateDict(ck.modelState, { strict });
    stage = 'optimizer state';
    if (optimizer) optimizer.loadStateDict(ck.optimizerState!);
    stage = 'scheduler state';
    if (scheduler) scheduler.loadStateDict(ck.schedulerState);
  } catch (e) {
    if (stage !== 'model state') model.loadStateDict(modelBefore, { strict: false });
    if (stage === 'scheduler state' && optimizer) optimizer.loadStateDict(optimizerBefore!);
    throw located(e, file, stage);
  }
  const keys = isObject(result) ? result : {};
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  return { ...ck, missingKeys: list(keys.missingKeys), unexpectedKeys: list(keys.unexpectedKeys) };
}

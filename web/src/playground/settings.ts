// The playground's settings and their URL form: every field has a text form, and a link that names
// a bad value gets it back by name (never silently swapped for a default). No engine here, so the
// page can parse a link without loading the training code.

import { classCount, decodePoints, encodePoints, MAX_LINK_POINTS, type CustomPoints } from './points-io.ts';

export const datasetNames = ['circles', 'xor', 'spirals', 'gaussians', 'blobs', 'spiral3', 'plane', 'bumps', 'custom'] as const;
export const featureNames = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export const activationNames = ['tanh', 'relu', 'sigmoid', 'linear', 'leakyRelu', 'elu', 'gelu', 'silu'] as const;
export const optimizerNames = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
export const lossNames = ['bce', 'crossEntropy', 'mse', 'l1', 'huber', 'smoothL1'] as const;
export const initNames = ['default', 'xavier', 'kaiming'] as const;
export const scheduleNames = ['none', 'step', 'cosine', 'exponential'] as const;

export type DatasetName = (typeof datasetNames)[number];
export type FeatureName = (typeof featureNames)[number];
export type ActivationName = (typeof activationNames)[number];
export type OptimizerName = (typeof optimizerNames)[number];
export type LossName = (typeof lossNames)[number];
export type InitName = (typeof initNames)[number];
export type ScheduleName = (typeof scheduleNames)[number];

/** What a dataset asks of the net: two classes (one logit), several (a logit each), or a number. */
export type Task = 'binary' | 'multiclass' | 'regression';
const fixedTask: Partial<Record<DatasetName, [Task, number]>> = { blobs: ['multiclass', 4], spiral3: ['multiclass', 3], plane: ['regression', 1], bumps: ['regression', 1] };

/** The task of these settings and its number of outputs (your own points: binary unless a label is above 1). */
export function taskOf(s: Pick<PlaygroundSettings, 'dataset' | 'custom'>): { task: Task; outputs: number; classes: number } {
  const fixed = fixedTask[s.dataset];
  if (fixed) return { task: fixed[0], outputs: fixed[0] === 'multiclass' ? fixed[1] : 1, classes: fixed[0] === 'multiclass' ? fixed[1] : 0 };
  const k = s.dataset === 'custom' ? classCount(s.custom) : 2;
  return k > 2 ? { task: 'multiclass', outputs: k, classes: k } : { task: 'binary', outputs: 1, classes: 2 };
}

/** The losses that fit each task, the first its default: a logit loss for classes, any regression loss on σ(z) or softmax. */
export const lossesFor: Record<Task, readonly LossName[]> = {
  binary: ['bce', 'mse', 'l1', 'huber', 'smoothL1'],
  multiclass: ['crossEntropy', 'mse', 'l1', 'huber', 'smoothL1'],
  regression: ['mse', 'l1', 'huber', 'smoothL1'],
};

/** How each feature reads on the page (points live in the square [−1, 1]²). */
export const featureLabels: Record<FeatureName, string> = {
  x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin πx₁', sinx2: 'sin πx₂',
};

export interface LayerSpec {
  units: number;
  activation: ActivationName;
}

export interface PlaygroundSettings {
  dataset: DatasetName;
  /** Points drawn in all, before the split. */
  points: number;
  /** Standard deviation of the jitter added to each point, in units of the square's half-width. */
  noise: number;
  /** Share of the points held out as the test set. */
  testFraction: number;
  seed: number;
  features: FeatureName[];
  /** Hidden layers, input side first; the output is one logit after them. */
  layers: LayerSpec[];
  optimizer: OptimizerName;
  lr: number;
  batch: number;
  loss: LossName;
  init: InitName;
  l1: number;
  l2: number;
  /** Dropout probability after each hidden layer (training only). */
  dropout: number;
  /** Batch norm after each hidden layer's linear map, before its activation. */
  batchNorm: boolean;
  /** Std of the Gaussian jitter added to the training points' coordinates at every step (0: off). */
  inputNoise: number;
  /** Early stopping: epochs without a better test loss before training stops and the best weights come back (0: off). */
  patience: number;
  schedule: ScheduleName;
  /** The schedule's period in steps: step decays every period, exponential decays by γ over each period, cosine falls to 0 over one. */
  period: number;
  /** The factor γ of the step and exponential schedules. */
  gamma: number;
  /** Your own points, when dataset is 'custom'. */
  custom: CustomPoints | null;
}

export const defaultSettings: PlaygroundSettings = {
  dataset: 'circles', points: 400, noise: 0, testFraction: 0.5, seed: 1,
  features: ['x1', 'x2'],
  layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'tanh' }],
  optimizer: 'sgd', lr: 0.03, batch: 10, loss: 'bce', init: 'default', l1: 0, l2: 0, dropout: 0,
  batchNorm: false, inputNoise: 0, patience: 0, schedule: 'none', period: 1000, gamma: 0.5, custom: null,
};

/**
 * Sizes are bounded by memory, not taste: a layer may be up to 4096 wide and the net up to 64 layers
 * deep, as long as the weights stay under a million (a few MB in the worker).
 */
export const LIMITS = { maxUnits: 4096, maxLayers: 64, maxWeights: 1_000_000, maxPoints: 20_000, maxBatch: 20_000 } as const;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Weights and biases of the net these settings describe. */
export function weightCount(s: Pick<PlaygroundSettings, 'features' | 'layers'>, outputs = 1): number {
  let fanIn = s.features.length, n = 0;
  for (const l of [...s.layers, { units: outputs }]) {
    n += (fanIn + 1) * l.units;
    fanIn = l.units;
  }
  return n;
}

/** Layers as text: "8-tanh,4-relu" (an empty string: no hidden layer, a linear model on the features). */
export const layersText = (layers: readonly LayerSpec[]): string => layers.map((l) => `${l.units}-${l.activation}`).join(',');

type Parsed<T> = { value: T } | { error: string };

function parseNumber(name: string, text: string, min: number, max: number, integer = false): Parsed<number> {
  const t = text.trim();
  const v = Number(t);
  const what = integer ? 'an integer' : 'a number';
  if (!NUMBER.test(t) || v < min || v > max || (integer && !Number.isInteger(v))) return { error: `${name}: '${text}' is not ${what} from ${min} to ${max}` };
  return { value: v };
}

function parseChoice<T extends string>(name: string, text: string, options: readonly T[]): Parsed<T> {
  return (options as readonly string[]).includes(text) ? { value: text as T } : { error: `${name}: '${text}' is not one of ${options.join(', ')}` };
}

export function parseLayers(text: string): Parsed<LayerSpec[]> {
  if (text.trim() === '') return { value: [] };
  const parts = text.split(',');
  if (parts.length > LIMITS.maxLayers) return { error: `layers: ${parts.length} hidden layers, at most ${LIMITS.maxLayers}` };
  const layers: LayerSpec[] = [];
  for (const [i, part] of parts.entries()) {
    const m = /^(\d+)-([A-Za-z]+)$/.exec(part.trim());
    const units = m ? parseNumber(`layers[${i}] width`, m[1]!, 1, LIMITS.maxUnits, true) : null;
    const act = m ? parseChoice(`layers[${i}] activation`, m[2]!, activationNames) : null;
    if (!m) return { error: `layers[${i}]: '${part}' is not width-activation (e.g. 8-tanh)` };
    if ('error' in units!) return units!;
    if ('error' in act!) return act!;
    layers.push({ units: units!.value, activation: act!.value });
  }
  return { value: layers };
}

function parseFeatures(text: string): Parsed<FeatureName[]> {
  const names = text.split(',').map((t) => t.trim()).filter(Boolean);
  if (!names.length) return { error: 'features: at least one input feature is needed' };
  const out: FeatureName[] = [];
  for (const n of names) {
    const p = parseChoice('features', n, featureNames);
    if ('error' in p) return p;
    if (!out.includes(p.value)) out.push(p.value);
  }
  return { value: featureNames.filter((f) => out.includes(f)) };
}

/** Problems with a whole settings object (also used on what the page's controls produce). */
export function checkSettings(s: PlaygroundSettings): string[] {
  const errors: string[] = [];
  const { task, outputs } = taskOf(s);
  const w = weightCount(s, outputs);
  if (w > LIMITS.maxWeights) errors.push(`layers: this net has ${w.toLocaleString('en')} weights, at most ${LIMITS.maxWeights.toLocaleString('en')} fit the worker's memory budget`);
  // Your own points may be few: a batch larger than them is cut to all of them, not refused.
  const nTrain = Math.ceil(s.points * (1 - s.testFraction));
  if (s.dataset !== 'custom' && s.batch > nTrain) errors.push(`batch: ${s.batch} is more than the ${nTrain} training points`);
  if (!lossesFor[task].includes(s.loss)) errors.push(`loss: '${s.loss}' does not fit ${task === 'regression' ? 'a regression' : `a ${task}`} dataset (${s.dataset}); these do: ${lossesFor[task].join(', ')}`);
  return errors;
}

/** The URL query for these settings; every field is written, so a link survives a change of defaults. */
export function encodeSettings(s: PlaygroundSettings): URLSearchParams {
  const q = new URLSearchParams({
    dataset: s.dataset, points: String(s.points), noise: String(s.noise), test: String(s.testFraction), seed: String(s.seed),
    features: s.features.join(','), layers: layersText(s.layers), optimizer: s.optimizer, lr: String(s.lr), batch: String(s.batch),
    loss: s.loss, init: s.init, l1: String(s.l1), l2: String(s.l2), dropout: String(s.dropout),
    bn: s.batchNorm ? '1' : '0', jitter: String(s.inputNoise), patience: String(s.patience),
    schedule: s.schedule, period: String(s.period), gamma: String(s.gamma),
  });
  // Your own points go in the link while they are few enough; the page says when they are not.
  if (s.dataset === 'custom' && s.custom && pointsFitLink(s.custom)) q.set('pts', encodePoints(s.custom));
  return q;
}

export const pointsFitLink = (p: CustomPoints): boolean => p.labels.length <= MAX_LINK_POINTS;

/**
 * Settings from a URL query: absent fields take their defaults; a present but bad field keeps its
 * default too and is reported in `errors` by name, with what it accepts.
 */
export function decodeSettings(q: URLSearchParams): { settings: PlaygroundSettings; errors: string[] } {
  const s: PlaygroundSettings = { ...defaultSettings, features: [...defaultSettings.features], layers: defaultSettings.layers.map((l) => ({ ...l })) };
  const errors: string[] = [];
  const fields: Array<[string, (text: string) => Parsed<unknown>, keyof PlaygroundSettings]> = [
    ['dataset', (t) => parseChoice('dataset', t, datasetNames), 'dataset'],
    ['points', (t) => parseNumber('points', t, 4, LIMITS.maxPoints, true), 'points'],
    ['noise', (t) => parseNumber('noise', t, 0, 1), 'noise'],
    ['test', (t) => parseNumber('test', t, 0.05, 0.95), 'testFraction'],
    ['seed', (t) => parseNumber('seed', t, 0, 2 ** 31 - 1, true), 'seed'],
    ['features', parseFeatures, 'features'],
    ['layers', parseLayers, 'layers'],
    ['optimizer', (t) => parseChoice('optimizer', t, optimizerNames), 'optimizer'],
    ['lr', (t) => parseNumber('lr', t, 1e-6, 10), 'lr'],
    ['batch', (t) => parseNumber('batch', t, 1, LIMITS.maxBatch, true), 'batch'],
    ['loss', (t) => parseChoice('loss', t, lossNames), 'loss'],
    ['init', (t) => parseChoice('init', t, initNames), 'init'],
    ['l1', (t) => parseNumber('l1', t, 0, 1), 'l1'],
    ['l2', (t) => parseNumber('l2', t, 0, 1), 'l2'],
    ['dropout', (t) => parseNumber('dropout', t, 0, 0.95), 'dropout'],
    ['bn', (t) => (t === '1' || t === '0' ? { value: t === '1' } : { error: `bn: '${t}' is not 0 or 1` }), 'batchNorm'],
    ['jitter', (t) => parseNumber('jitter', t, 0, 1), 'inputNoise'],
    ['patience', (t) => parseNumber('patience', t, 0, 10_000, true), 'patience'],
    ['schedule', (t) => parseChoice('schedule', t, scheduleNames), 'schedule'],
    ['period', (t) => parseNumber('period', t, 1, 1_000_000, true), 'period'],
    ['gamma', (t) => parseNumber('gamma', t, 0.001, 1), 'gamma'],
    ['pts', decodePoints, 'custom'],
  ];
  for (const [key, parse, field] of fields) {
    const text = q.get(key);
    if (text === null) continue;
    const p = parse(text);
    if ('error' in p) errors.push(p.error);
    else (s as unknown as Record<string, unknown>)[field] = p.value;
  }
  // A link that names no loss gets its task's own (bce, cross-entropy or squared error).
  if (!q.has('loss')) s.loss = lossesFor[taskOf(s).task][0]!;
  const known = new Set(fields.map(([k]) => k));
  for (const key of q.keys()) if (!known.has(key)) errors.push(`${key}: not a playground setting (they are: ${[...known].join(', ')})`);
  errors.push(...checkSettings(s));
  return { settings: s, errors };
}

// Experiment repair-shop: two frozen MNIST classifiers (an MLP and a small CNN, trained once on
// centred digits) meet shifted test digits — translated, rotated, salt-and-pepper — and we repair
// what we can without touching a weight: input fixes (centering, deskewing, a median filter,
// test-time augmentation over shifts or rotations, a pose learned through the box's input gradient)
// and output fixes (temperature scaling, averaging with the other box). The seed draws the test and
// calibration digits and every random shift; the black boxes stay the same for every seed.

import { checkConfig, pacer, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { BOX_TRAIN, blackBox, loadMnist, type BlackBox } from './black-box.ts';
import { MID, PIXELS, SHIFTS, center, deskew, mapImages, median3, moments, rng, rotation, shiftImages, translation, warp, type ShiftKind } from './images.ts';
import { applyPoses, learnPoses } from './learned.ts';
import { accuracy, average, ece, fitTemperature, meanConfidence, meanEntropy, nll, reliability, withTemperature } from './scores.ts';

export interface RepairConfig {
  [key: string]: number | string | boolean;
  testSize: number;
  calibrationSize: number;
  learnSize: number;
  shiftPx: number;
  rotateDeg: number;
  noise: number;
  learnSteps: number;
  boxSeed: number;
}

const params: readonly Param[] = [
  { key: 'testSize', label: 'test digits (drawn by the seed from the 10,000)', kind: 'integer', min: 100, max: 10000, step: 100 },
  { key: 'calibrationSize', label: 'labelled calibration digits (training rows the boxes never saw)', kind: 'integer', min: 100, max: 5000, step: 100 },
  { key: 'learnSize', label: 'test digits given a learned pose (the slowest fix)', kind: 'integer', min: 50, max: 2000, step: 50 },
  { key: 'shiftPx', label: 'translation (pixels, random direction)', kind: 'number', min: 0, max: 8, step: 0.5 },
  { key: 'rotateDeg', label: 'rotation (degrees, random sign)', kind: 'number', min: 0, max: 90, step: 5 },
  { key: 'noise', label: 'salt-and-pepper rate (share of pixels flipped to 0 or 1)', kind: 'number', min: 0, max: 0.6, step: 0.05 },
  { key: 'learnSteps', label: 'Adam steps of the learned pose', kind: 'integer', min: 0, max: 300 },
  { key: 'boxSeed', label: 'seed of the black boxes’ training (another pair of boxes)', kind: 'integer', min: 1, max: 1000 },
];

/** The black boxes: a 784-128-10 MLP and a two-convolution CNN, SGD with momentum on 50,000 digits. */
const MLP_STEPS = 1500, CNN_STEPS = 400, BOX_LR = 0.05;
/** Test-time augmentation candidates, chosen on the calibration digits. */
const TTA_SHIFT_RADII = [1, 2, 3]; // grids of offsets 2 px apart: 3×3, 5×5 or 7×7
const TTA_ROT_SPANS = [20, 40, 60, 80]; // 9 angles evenly spaced in [−span, span]
const LEARN_LR = 0.3;
export const FIXES = ['none', 'center', 'deskew', 'median', 'tta-shift', 'tta-rotate', 'learned'] as const;
export type Fix = (typeof FIXES)[number];

const pct = (v: number) => Number((100 * v).toFixed(1));

/** A seeded choice of `count` rows out of `n` (a partial Fisher–Yates shuffle). */
function draw(n: number, count: number, seed: number): Int32Array {
  const r = rng(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(r() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, count);
}

function rowsOf(src: { x: Float32Array; y: Int32Array }, rows: Int32Array) {
  const x = new Float32Array(rows.length * PIXELS), y = new Int32Array(rows.length);
  rows.forEach((r, i) => { x.set(src.x.subarray(r * PIXELS, (r + 1) * PIXELS), i * PIXELS); y[i] = src.y[r]!; });
  return { x, y, n: rows.length };
}

/** The black box's probabilities averaged over transformed copies of every image. */
function tta(box: BlackBox, x: Float32Array, n: number, maps: ReturnType<typeof translation>[]): Float32Array {
  return average(maps.map((m) => box.probabilities(mapImages(x, n, (img) => warp(img, m)), n)));
}
const shiftGrid = (radius: number) => {
  const maps = [];
  for (let i = -radius; i <= radius; i++) for (let j = -radius; j <= radius; j++) maps.push(translation(2 * i, 2 * j));
  return maps;
};
const rotationFan = (span: number) => Array.from({ length: 9 }, (_, k) => rotation(-span + (k * span) / 4));

/** A 28×28 image as 28 strings of shade characters, darkest ink last: a figure any table can show. */
const SHADES = ' .:-=+*#%@';
function asText(img: Float32Array): string[] {
  return Array.from({ length: 28 }, (_, y) => Array.from({ length: 28 }, (_, x) => SHADES[Math.min(9, Math.max(0, Math.round(img[y * 28 + x]! * 9)))]).join(''));
}

export const repairShop: Experiment<RepairConfig> = {
  id: 'repair-shop',
  title: 'Repairing a frozen MNIST model on shifted digits',
  summary:
    'Two frozen classifiers (an MLP and a small CNN trained on ordinary, centred MNIST) see translated, rotated and noisy test digits. Watch how much each input fix (centering, deskewing, median filter, test-time augmentation, a learned pose) and output fix (temperature, averaging the two boxes) wins back, and what each costs on the other shifts.',
  params,
  defaults: { testSize: 10000, calibrationSize: 2000, learnSize: 1000, shiftPx: 4, rotateDeg: 30, noise: 0.25, learnSteps: 40, boxSeed: 1 },
  quick: { testSize: 600, calibrationSize: 400, learnSize: 150 },
  async run(c, ctx) {
    checkConfig('repair-shop', params, c);
    const pace = pacer(ctx.signal);
    await pace();
    const mnist = await loadMnist(ctx.data);
    const boxes: BlackBox[] = [];
    for (const [arch, steps, offset] of [['mlp', MLP_STEPS, 0], ['cnn', CNN_STEPS, 1000]] as const) {
      boxes.push(await blackBox(ctx.data, { arch, steps, lr: BOX_LR, seed: c.boxSeed + offset }, pace, (step) =>
        ctx.progress({ series: `training the ${arch} black box (once)`, step, totalSteps: steps, metrics: {} })));
    }
    const [mlp, cnn] = boxes as [BlackBox, BlackBox];
    await pace();

    // Where the training digits keep their mass: the target of centering (MNIST centred each digit's mass in the field).
    let tx = 0, ty = 0;
    for (let i = 0; i < 5000; i++) { const m = moments(mnist.train.x.subarray(i * PIXELS, (i + 1) * PIXELS)); tx += m.cx / 5000; ty += m.cy / 5000; }
    const test = rowsOf(mnist.test, draw(mnist.test.n, c.testSize, 100 + ctx.seed));
    const pool = draw(mnist.train.n - BOX_TRAIN, c.calibrationSize, 200 + ctx.seed).map((r) => r + BOX_TRAIN);
    const cal = rowsOf(mnist.train, pool);
    const settings = { shiftPx: c.shiftPx, rotateDeg: c.rotateDeg, noise: c.noise };
    const shifted = (set: typeof test, kind: ShiftKind, salt: number) => shiftImages(set.x, set.n, kind, settings, 1000 * ctx.seed + salt);
    const testX = Object.fromEntries(SHIFTS.map((k, i) => [k, shifted(test, k, i)])) as Record<ShiftKind, Float32Array>;
    const calX = Object.fromEntries(SHIFTS.map((k, i) => [k, shifted(cal, k, 10 + i)])) as Record<ShiftKind, Float32Array>;
    const metrics: Record<string, number> = { 'center.targetX': tx, 'center.targetY': ty };

    // Test-time augmentation: each set chosen by accuracy on the calibration digits of the shift it is meant for.
    const pick = <T>(options: T[], score: (o: T) => number): { best: T; scores: number[] } => {
      const scores = options.map(score);
      return { best: options[scores.indexOf(Math.max(...scores))]!, scores };
    };
    const shiftTta = pick(TTA_SHIFT_RADII, (r) => accuracy(tta(mlp, calX.translate, cal.n, shiftGrid(r)), cal.y));
    const rotTta = pick(TTA_ROT_SPANS, (s) => accuracy(tta(mlp, calX.rotate, cal.n, rotationFan(s)), cal.y));
    metrics['tta.shiftRadiusPx'] = 2 * shiftTta.best;
    metrics['tta.rotateSpanDeg'] = rotTta.best;
    ctx.log(`TTA chosen on calibration digits: offsets up to ±${2 * shiftTta.best} px, angles ±${rotTta.best}°`);
    await pace();

    const fixed = (x: Float32Array, n: number, fix: Fix) =>
      fix === 'center' ? mapImages(x, n, (img) => center(img, tx, ty)) : fix === 'deskew' ? mapImages(x, n, (img) => deskew(img, tx, ty)) : fix === 'median' ? mapImages(x, n, median3) : x;
    const probsOf = async (box: BlackBox, kind: ShiftKind, fix: Fix): Promise<Float32Array> => {
      const x = testX[kind], n = test.n;
      if (fix === 'tta-shift') return tta(box, x, n, shiftGrid(shiftTta.best));
      if (fix === 'tta-rotate') return tta(box, x, n, rotationFan(rotTta.best));
      return box.probabilities(fixed(x, n, fix), n);
    };

    const table: Array<Array<string | number>> = [];
    const mlpProbs: Partial<Record<ShiftKind, Float32Array>> = {};
    let done = 0;
    for (const fix of FIXES.filter((f) => f !== 'learned')) {
      const row: Array<string | number> = [fix];
      for (const kind of SHIFTS) {
        const p = await probsOf(mlp, kind, fix);
        if (fix === 'none') mlpProbs[kind] = p;
        metrics[`mlp.${kind}.${fix}`] = accuracy(p, test.y);
        row.push(pct(metrics[`mlp.${kind}.${fix}`]!));
        await pace();
      }
      table.push(row);
      ctx.progress({ series: 'fixes scored', step: ++done, totalSteps: FIXES.length + 1, metrics: { 'translated accuracy (%)': pct(metrics[`mlp.translate.${fix}`]!) } });
    }

    // The learned pose: per image, rotation and translation fitted to minimize the box's prediction entropy.
    const n = Math.min(c.learnSize, test.n);
    const head = (x: Float32Array) => x.subarray(0, n * PIXELS);
    const learnedRow: Array<string | number> = ['learned (first ' + n + ')'];
    const poses: Record<string, ReturnType<typeof applyPoses>> = {};
    for (const kind of SHIFTS) {
      if (kind === 'clean' || kind === 'noise') { learnedRow.push('—'); continue; } // a pose has nothing to undo there
      for (const fromCenter of kind === 'translate' ? [true, false] : [true]) {
        const key = fromCenter ? 'learned' : 'learnedFromIdentity';
        const pose = await learnPoses(mlp, head(testX[kind]), n, { steps: c.learnSteps, lr: LEARN_LR, fromCenter }, pace);
        const img = applyPoses(head(testX[kind]), pose);
        if (fromCenter) poses[kind] = img;
        metrics[`mlp.${kind}.${key}`] = accuracy(mlp.probabilities(img, n), test.y.subarray(0, n));
        for (const f of ['none', 'center'] as const) metrics[`mlp.${kind}.${f}.learnSubset`] = accuracy(mlp.probabilities(fixed(head(testX[kind]), n, f), n), test.y.subarray(0, n));
      }
      learnedRow.push(pct(metrics[`mlp.${kind}.learned`]!));
    }
    table.push(learnedRow);
    ctx.progress({ series: 'fixes scored', step: FIXES.length + 1, totalSteps: FIXES.length + 1, metrics: {} });
    await pace();

    // How much of the clean–shifted gap a fix closes.
    for (const kind of ['translate', 'rotate', 'noise'] as const) {
      const gap = metrics[`mlp.clean.none`]! - metrics[`mlp.${kind}.none`]!;
      for (const fix of FIXES.filter((f) => f !== 'learned' && f !== 'none')) metrics[`mlp.${kind}.${fix}.gapClosed`] = (metrics[`mlp.${kind}.${fix}`]! - metrics[`mlp.${kind}.none`]!) / gap;
    }
    const lgap = metrics['mlp.translate.center.learnSubset']! - metrics['mlp.translate.none.learnSubset']!;
    metrics['mlp.translate.learnedFromIdentity.shareOfCentering'] = (metrics['mlp.translate.learnedFromIdentity']! - metrics['mlp.translate.none.learnSubset']!) / lgap;

    // Output side. Unlabelled drift: entropy and confidence. Temperature fitted on each shift's calibration digits (and on clean ones).
    const tempRows: Array<Array<string | number>> = [];
    const calClean = mlp.probabilities(calX.clean, cal.n);
    const tClean = fitTemperature(calClean, cal.y);
    metrics['temp.clean.T'] = tClean;
    const diagrams: Figure[] = [];
    for (const kind of SHIFTS) {
      const p = mlpProbs[kind]!;
      metrics[`mlp.${kind}.entropy`] = meanEntropy(p, test.n);
      metrics[`mlp.${kind}.confidence`] = meanConfidence(p, test.n);
      const t = fitTemperature(mlp.probabilities(calX[kind], cal.n), cal.y);
      const pt = withTemperature(p, test.n, t), pClean = withTemperature(p, test.n, tClean);
      Object.assign(metrics, {
        [`temp.${kind}.T`]: t,
        [`temp.${kind}.nll.before`]: nll(p, test.y), [`temp.${kind}.nll.after`]: nll(pt, test.y), [`temp.${kind}.nll.cleanT`]: nll(pClean, test.y),
        [`temp.${kind}.ece.before`]: ece(p, test.y), [`temp.${kind}.ece.after`]: ece(pt, test.y),
        [`temp.${kind}.accuracy.after`]: accuracy(pt, test.y),
      });
      tempRows.push([kind, Number(t.toFixed(2)), +metrics[`temp.${kind}.nll.before`]!.toFixed(3), +metrics[`temp.${kind}.nll.cleanT`]!.toFixed(3), +metrics[`temp.${kind}.nll.after`]!.toFixed(3),
        +metrics[`temp.${kind}.ece.before`]!.toFixed(3), +metrics[`temp.${kind}.ece.after`]!.toFixed(3), +metrics[`mlp.${kind}.entropy`]!.toFixed(3)]);
      if (kind === 'translate' || kind === 'rotate') {
        const line = (q: Float32Array) => reliability(q, test.y).filter((b) => b.count > 0).map((b): [number, number] => [Number(b.confidence.toFixed(3)), Number(b.accuracy.toFixed(3))]);
        diagrams.push({
          id: `reliability-${kind}`, title: `Reliability on ${kind === 'translate' ? 'translated' : 'rotated'} digits (MLP): accuracy against confidence, per confidence bin`, kind: 'line',
          xLabel: 'mean confidence in the bin', yLabel: 'accuracy in the bin',
          series: [{ name: 'as the box answers', points: line(p) }, { name: `temperature ${t.toFixed(2)} (fitted on shifted calibration digits)`, points: line(pt) }, { name: 'perfect calibration', points: [[0, 0], [1, 1]] }],
        });
      }
    }
    await pace();

    // A second black box: the CNN alone, centred, and averaged with the MLP.
    const ensRows: Array<Array<string | number>> = [];
    for (const kind of SHIFTS) {
      const pc = await probsOf(cnn, kind, 'none');
      const pcc = await probsOf(cnn, kind, 'center');
      const pmc = await probsOf(mlp, kind, 'center');
      Object.assign(metrics, {
        [`cnn.${kind}.none`]: accuracy(pc, test.y), [`cnn.${kind}.center`]: accuracy(pcc, test.y),
        [`ensemble.${kind}.none`]: accuracy(average([mlpProbs[kind]!, pc]), test.y),
        [`ensemble.${kind}.center`]: accuracy(average([pmc, pcc]), test.y),
      });
      for (const f of ['none', 'center'] as const) metrics[`ensemble.${kind}.${f}.overBetter`] = metrics[`ensemble.${kind}.${f}`]! - Math.max(metrics[`mlp.${kind}.${f}`]!, metrics[`cnn.${kind}.${f}`]!);
      ensRows.push([kind, pct(metrics[`mlp.${kind}.none`]!), pct(metrics[`cnn.${kind}.none`]!), pct(metrics[`ensemble.${kind}.none`]!), pct(metrics[`mlp.${kind}.center`]!), pct(metrics[`cnn.${kind}.center`]!), pct(metrics[`ensemble.${kind}.center`]!)]);
      await pace();
    }
    ctx.log(`MLP: clean ${pct(metrics['mlp.clean.none']!)}%, translated ${pct(metrics['mlp.translate.none']!)}% → centred ${pct(metrics['mlp.translate.center']!)}%; rotated ${pct(metrics['mlp.rotate.none']!)}% → rotation TTA ${pct(metrics['mlp.rotate.tta-rotate']!)}%`);

    // Example digits before and after each fix, as shade text (darkest ink '@').
    const examples: Figure[] = (['translate', 'rotate', 'noise'] as const).map((kind) => {
      const img = testX[kind].subarray(0, PIXELS);
      const cols: Array<[string, Float32Array]> = [['shifted', img], ['centred', center(img, tx, ty)], ['deskewed', deskew(img, tx, ty)], ['median 3×3', median3(img)]];
      if (poses[kind]) cols.push(['learned pose', poses[kind]!.subarray(0, PIXELS)]);
      return {
        id: `example-${kind}`, title: `One ${kind === 'translate' ? 'translated' : kind === 'rotate' ? 'rotated' : 'noisy'} test digit (a ${test.y[0]}) before and after each input fix`, kind: 'table',
        columns: cols.map(([name]) => name), rows: Array.from({ length: 28 }, (_, y) => cols.map(([, im]) => asText(im)[y]!)),
      };
    });

    const figures: Figure[] = [
      { id: 'fixes', title: `MLP test accuracy (%) for each input fix (rows) on each shift (columns); TTA sets chosen on calibration digits: offsets ±${2 * shiftTta.best} px, angles ±${rotTta.best}°`, kind: 'table', columns: ['fix', ...SHIFTS], rows: table },
      { id: 'tta-choice', title: 'Choosing the TTA sets on calibration digits (accuracy %)', kind: 'table', columns: ['candidate', 'calibration accuracy (%)'],
        rows: [...TTA_SHIFT_RADII.map((r, i) => [`offsets up to ±${2 * r} px (${(2 * r + 1) ** 2} copies), translated digits`, pct(shiftTta.scores[i]!)]), ...TTA_ROT_SPANS.map((s, i) => [`angles ±${s}° (9 copies), rotated digits`, pct(rotTta.scores[i]!)])] },
      { id: 'temperature', title: 'Temperature scaling of the MLP, fitted on each shift’s calibration digits', kind: 'table', columns: ['shift', 'T', 'NLL before', 'NLL with clean-fitted T', 'NLL after', 'ECE before', 'ECE after', 'mean entropy (nats)'], rows: tempRows },
      ...diagrams,
      { id: 'two-boxes', title: 'Two black boxes and their average (accuracy %), as given and after centering', kind: 'table', columns: ['shift', 'MLP', 'CNN', 'average', 'MLP centred', 'CNN centred', 'average centred'], rows: ensRows },
      ...examples,
    ];
    return { metrics, figures };
  },
};

// The small tabular sets scikit-learn ships (vendored in data/sklearn), parsed from their text.
// Isomorphic; sklearn.node.ts reads the files. Feature and class names are sklearn's.

import type { Tensor } from '../tensor/tensor.ts';
import { fromTypedArray } from '../tensor/creation.ts';
import { FormatError, ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';

export interface TabularSet {
  /** (N, D) float32 features. */
  x: Tensor;
  /** (N) int32 class labels, or float32 targets for regression. */
  y: Tensor;
  featureNames: string[];
  classNames?: string[];
}

// Numbers of one line, split on commas or whitespace; names the file and line when one is not a number.
function numbers(line: string, name: string, lineNo: number, expected: number): number[] {
  const parts = line.trim().split(/[\s,]+/);
  if (parts.length !== expected) throw new FormatError(`${name}: line ${lineNo} has ${parts.length} values, expected ${expected}`);
  return parts.map((p, k) => {
    const v = Number(p);
    if (p === '' || !Number.isFinite(v)) throw new FormatError(`${name}: line ${lineNo}, column ${k + 1}: '${p}' is not a number`);
    return v;
  });
}

const dataLines = (text: string): string[] => text.split(/\r?\n/).filter((l) => l.trim() !== '');

/**
 * Rows of `cols` values then an integer label. With `header`, the first line is sklearn's
 * `rows,cols,class names…` and is checked against the body.
 */
export function parseLabelledCsv(text: string, name: string, cols: number | null, header: boolean): { x: Float32Array; y: Int32Array; n: number; d: number; classNames?: string[] } {
  const lines = dataLines(text);
  let body = lines, classNames: string[] | undefined, d = cols ?? 0, n = lines.length;
  if (header) {
    const head = (lines[0] ?? '').split(',').map((s) => s.trim());
    [n, d] = [Number(head[0]), Number(head[1])];
    if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d <= 0) throw new FormatError(`${name}: line 1 must be 'rows,cols,class names…', got '${lines[0] ?? ''}'`);
    classNames = head.slice(2);
    body = lines.slice(1);
    if (body.length !== n) throw new FormatError(`${name}: header says ${n} rows, found ${body.length}`);
  }
  const x = new Float32Array(n * d), y = new Int32Array(n);
  body.forEach((line, i) => {
    const v = numbers(line, name, i + (header ? 2 : 1), d + 1);
    x.set(v.slice(0, d), i * d);
    y[i] = v[d];
    if (!Number.isInteger(v[d]) || v[d] < 0 || (classNames && v[d] >= classNames.length)) throw new FormatError(`${name}: line ${i + (header ? 2 : 1)}: label ${v[d]} is not a class index`);
  });
  return { x, y, n, d, classNames };
}

function labelled(text: string, name: string, featureNames: string[]): TabularSet {
  const { x, y, n, d, classNames } = parseLabelledCsv(text, name, null, true);
  if (d !== featureNames.length) throw new FormatError(`${name}: header says ${d} features, expected ${featureNames.length}`);
  return { x: fromTypedArray(x, [n, d]), y: fromTypedArray(y, [n]), featureNames, classNames };
}

export const irisFeatureNames = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];
export const wineFeatureNames = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline'];
const cancerBase = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension'];
export const breastCancerFeatureNames = [...cancerBase.map((f) => `mean ${f}`), ...cancerBase.map((f) => `${f} error`), ...cancerBase.map((f) => `worst ${f}`)];
export const diabetesFeatureNames = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];

/** Iris: 150 × 4, three species. */
export const parseIris = (text: string, name = 'iris.csv'): TabularSet => labelled(text, name, irisFeatureNames);
/** Wine: 178 × 13 chemical measurements, three cultivars. */
export const parseWine = (text: string, name = 'wine_data.csv'): TabularSet => labelled(text, name, wineFeatureNames);
/** Breast cancer (Wisconsin diagnostic): 569 × 30, malignant (0) / benign (1). */
export const parseBreastCancer = (text: string, name = 'breast_cancer.csv'): TabularSet => labelled(text, name, breastCancerFeatureNames);

export interface DigitsSet extends TabularSet {
  /** The same pixels as images (N, 1, 8, 8). */
  images: Tensor;
}

/** Digits: 1,797 8×8 images of counts 0..16 (divide by 16 for [0, 1]); x is (N, 64), images (N, 1, 8, 8). */
export function parseDigits(text: string, name = 'digits.csv'): DigitsSet {
  const { x, y, n } = parseLabelledCsv(text, name, 64, false);
  const featureNames = Array.from({ length: 64 }, (_, k) => `pixel_${Math.floor(k / 8)}_${k % 8}`);
  return { x: fromTypedArray(x, [n, 64]), images: fromTypedArray(x, [n, 1, 8, 8]), y: fromTypedArray(y, [n]), featureNames, classNames: Array.from({ length: 10 }, (_, k) => String(k)) };
}

/**
 * Diabetes: 442 patients × 10 baseline variables, target a disease-progression score. `scaled`
 * (default, as sklearn) centres each column and divides by std·√N, so every column has unit norm.
 */
export function parseDiabetes(dataText: string, targetText: string, opts: { scaled?: boolean; dataName?: string; targetName?: string } = {}): TabularSet {
  checkOptions('parseDiabetes', opts, ['scaled', 'dataName', 'targetName']);
  const { scaled = true, dataName = 'diabetes_data_raw.csv', targetName = 'diabetes_target.csv' } = opts;
  const rows = dataLines(dataText).map((l, i) => numbers(l, dataName, i + 1, 10));
  const targets = dataLines(targetText).map((l, i) => numbers(l, targetName, i + 1, 1)[0]);
  if (rows.length !== targets.length) throw new FormatError(`${targetName}: has ${targets.length} targets but ${dataName} has ${rows.length} rows`);
  const n = rows.length, d = 10;
  if (scaled && n < 2) throw new ValueError(`parseDiabetes: scaling needs at least 2 rows, got ${n}`);
  const x = new Float32Array(n * d);
  for (let j = 0; j < d; j++) {
    let mean = 0, norm = 1;
    if (scaled) {
      for (const r of rows) mean += r[j] / n;
      let ss = 0;
      for (const r of rows) ss += (r[j] - mean) ** 2;
      norm = Math.sqrt(ss); // std·√N with the population std (ddof 0), as sklearn's scale()
    }
    rows.forEach((r, i) => (x[i * d + j] = (r[j] - mean) / norm));
  }
  return { x: fromTypedArray(x, [n, d]), y: fromTypedArray(Float32Array.from(targets), [n]), featureNames: diabetesFeatureNames };
}

// Node loaders for the vendored scikit-learn tables in data/sklearn (see data/README.md).

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseIris, parseWine, parseBreastCancer, parseDigits, parseDiabetes, type TabularSet, type DigitsSet } from './sklearn.ts';
import { checkOptions } from '../options.ts';

const dir = fileURLToPath(new URL('../../data/sklearn/', import.meta.url));
const text = (file: string): string => {
  const bytes = readFileSync(dir + file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
};

export const loadIris = (): TabularSet => parseIris(text('iris.csv'), dir + 'iris.csv');
export const loadWine = (): TabularSet => parseWine(text('wine_data.csv'), dir + 'wine_data.csv');
export const loadBreastCancer = (): TabularSet => parseBreastCancer(text('breast_cancer.csv'), dir + 'breast_cancer.csv');
export const loadDigits = (): DigitsSet => parseDigits(text('digits.csv.gz'), dir + 'digits.csv.gz');
export const loadDiabetes = (opts: { scaled?: boolean } = {}): TabularSet =>
  (checkOptions('loadDiabetes', opts, ['scaled']), parseDiabetes(text('diabetes_data_raw.csv.gz'), text('diabetes_target.csv.gz'), { ...opts, dataName: dir + 'diabetes_data_raw.csv.gz', targetName: dir + 'diabetes_target.csv.gz' }));

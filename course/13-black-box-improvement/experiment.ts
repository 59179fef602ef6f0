// The lesson's experiments: one repair shop, where every fix meets every shift on the same digits.

import type { Experiment } from '../kit/index.ts';
import { repairShop } from './repair-shop.ts';

export { repairShop };

export const experiments: readonly Experiment<any>[] = [repairShop];

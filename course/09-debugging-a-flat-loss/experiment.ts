// The lesson's experiments: one, with the bug as a select control (the first option is the healthy control).

import type { Experiment } from '../kit/index.ts';
import { flatLoss } from './flat-loss.ts';

export { flatLoss };

export const experiments: readonly Experiment<any>[] = [flatLoss];

// The lesson's experiments, in the order the page lists them (the first is the default): training
// through argmax vs softmax, the seed example explored, and naive vs stable softmax.

import { trainThroughArgmax } from './train-through-argmax.ts';
import { argmaxExplorer } from './argmax-explorer.ts';
import { overflow } from './overflow.ts';

export { trainThroughArgmax, argmaxExplorer, overflow };

export const experiments = [trainThroughArgmax, argmaxExplorer, overflow] as const;

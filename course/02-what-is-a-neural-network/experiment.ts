// The lesson's experiments, in the order the text uses them; each lives in its own file.

import type { Experiment } from '../kit/index.ts';
import { fit1d } from './fit-1d.ts';
import { oneNeuron } from './one-neuron.ts';
import { mnistMlp } from './mnist-mlp.ts';

export { fit1d, oneNeuron, mnistMlp };
export const experiments: readonly Experiment<any>[] = [oneNeuron, fit1d, mnistMlp];

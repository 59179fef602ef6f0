// The lesson's experiments, in the order the page shows them (the first is the default): backprop
// three ways, a learning-rate sweep, epochs measured, and training vs inference.

import type { Experiment } from '../kit/index.ts';
import { backpropExperiment } from './backprop.ts';
import { learningRateExperiment } from './learning-rate.ts';
import { epochsExperiment } from './epochs.ts';
import { inferenceExperiment } from './inference.ts';

export { backpropExperiment, learningRateExperiment, epochsExperiment, inferenceExperiment };

export const experiments: readonly Experiment<any>[] = [backpropExperiment, learningRateExperiment, epochsExperiment, inferenceExperiment];

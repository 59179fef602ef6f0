// The lesson's experiments, in the order the page shows them (the first is the default): symmetric
// starts, activations through depth, and training a deep ReLU network from each scale.

import type { Experiment } from '../kit/index.ts';
import { symmetryExperiment } from './symmetry.ts';
import { depthExperiment } from './depth.ts';
import { deepTrainingExperiment } from './deep-training.ts';

export { symmetryExperiment, depthExperiment, deepTrainingExperiment };

export const experiments: readonly Experiment<any>[] = [symmetryExperiment, depthExperiment, deepTrainingExperiment];

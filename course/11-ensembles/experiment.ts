// The lesson's experiments, in the order the page shows them (the first is the default): bagging
// MLPs, boosting stumps, stacking different models.

import type { Experiment } from '../kit/index.ts';
import { baggingExperiment } from './bagging.ts';
import { boostingExperiment } from './boosting.ts';
import { stackingExperiment } from './stacking.ts';

export { baggingExperiment, boostingExperiment, stackingExperiment };

export const experiments: readonly Experiment<any>[] = [baggingExperiment, boostingExperiment, stackingExperiment];

// The lesson's experiments, in the order the page shows them (the first is the default): the
// gradient at each layer of a fresh deep net, the race of deep nets on MNIST, and dead ReLUs.

import type { Experiment } from '../kit/index.ts';
import { gradientFlowExperiment } from './gradient-flow.ts';
import { depthRaceExperiment } from './depth-race.ts';
import { deadRelusExperiment } from './dead-relus.ts';

export { gradientFlowExperiment, depthRaceExperiment, deadRelusExperiment };

export const experiments: readonly Experiment<any>[] = [gradientFlowExperiment, depthRaceExperiment, deadRelusExperiment];

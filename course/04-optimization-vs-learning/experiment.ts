// The lesson's experiments, in the order the page shows them (the first is the default): the 0-1
// loss against its surrogate, full batch against minibatches, and the optimizer race.

import type { Experiment } from '../kit/index.ts';
import { zeroOneExperiment } from './zero-one.ts';
import { batchSizeExperiment } from './batch-size.ts';
import { optimizerRaceExperiment } from './optimizer-race.ts';

export { zeroOneExperiment, batchSizeExperiment, optimizerRaceExperiment };

export const experiments: readonly Experiment<any>[] = [zeroOneExperiment, batchSizeExperiment, optimizerRaceExperiment];

// The lesson's experiments, in the order the page shows them (the first is the default). Each lives
// in its own file: MNIST race, the confidently-wrong gradient, the binary case, regression.

import type { Experiment } from '../kit/index.ts';
import { ceVsMse } from './ce-vs-mse.ts';
import { confidentlyWrongExperiment } from './confidently-wrong.ts';
import { binaryExperiment } from './binary.ts';
import { regressionExperiment } from './regression.ts';

export { ceVsMse, confidentlyWrongExperiment, binaryExperiment, regressionExperiment };

export const experiments: readonly Experiment<any>[] = [ceVsMse, confidentlyWrongExperiment, binaryExperiment, regressionExperiment];

// The lesson's experiments, in the order the page shows them (the first is the default): every method
// on one baseline, noise on inputs, weights or activations, L1 against L2 weights, dropout's two passes, batch norm and the learning rate,
// and attention pooling.

import type { Experiment } from '../kit/index.ts';
import { methodsExperiment } from './methods.ts';
import { sparsityExperiment } from './sparsity.ts';
import { dropoutExperiment } from './dropout.ts';
import { batchNormLrExperiment } from './batchnorm-lr.ts';
import { attentionExperiment } from './attention.ts';
import { noiseWhereExperiment } from './noise-where.ts';

export { methodsExperiment, sparsityExperiment, dropoutExperiment, batchNormLrExperiment, attentionExperiment, noiseWhereExperiment };

export const experiments: readonly Experiment<any>[] = [methodsExperiment, noiseWhereExperiment, sparsityExperiment, dropoutExperiment, batchNormLrExperiment, attentionExperiment];

// The lesson's experiments, in the order the page shows them (the first is the default).

import type { Experiment } from '../kit/index.ts';
import { rulesVsLearned } from './rules-vs-learned.ts';
import { courseMapExperiment } from './course-map.ts';

export { rulesVsLearned, courseMapExperiment };

export const experiments: readonly Experiment<any>[] = [rulesVsLearned, courseMapExperiment];

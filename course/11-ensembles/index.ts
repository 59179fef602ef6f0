// Lesson 11: ensembles — bagging, boosting and stacking, and why an average of models generalizes.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'ensembles', experiments, claims, cards } satisfies LessonModule;

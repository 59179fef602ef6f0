// Lesson 12: finding hyper-parameters — grid, random and Bayesian search, raced at equal budgets.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'hyperparameter-search', experiments, claims, cards } satisfies LessonModule;

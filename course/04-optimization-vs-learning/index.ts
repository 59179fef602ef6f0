// Lesson 04: what separates an optimization problem from a learning problem; the 0-1 loss and its
// surrogate; full batch vs minibatches; SGD, momentum and Adam.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'optimization-vs-learning', experiments, claims, cards } satisfies LessonModule;

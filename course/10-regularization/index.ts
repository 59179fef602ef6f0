// Lesson 10: regularization — what it is for, and each method of the notes measured on one overfitting setup.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'regularization', experiments, claims, cards } satisfies LessonModule;

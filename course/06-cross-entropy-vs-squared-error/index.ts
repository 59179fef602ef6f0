// Lesson 06: why classifiers are trained with cross-entropy, the binary case, and regression's MSE.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'cross-entropy-vs-squared-error', experiments, claims, cards } satisfies LessonModule;

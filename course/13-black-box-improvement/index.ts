// Lesson 13: improving a model you cannot modify — input fixes and output fixes around a frozen box.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'black-box-improvement', experiments, claims, cards } satisfies LessonModule;

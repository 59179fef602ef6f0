// Lesson 09: a loss that will not move — five bugs that cause it and the checks that tell them apart.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'debugging-a-flat-loss', experiments, claims, cards } satisfies LessonModule;

// Lesson 08: why weights do not start at zero, what a bad scale does through depth, Xavier and He.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'initialization', experiments, claims, cards } satisfies LessonModule;

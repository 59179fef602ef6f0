// Lesson 02, "What is a neural network?": its experiments, claims and quiz cards for the lab.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'what-is-a-neural-network', experiments, claims, cards } satisfies LessonModule;

// Lesson 07: activation functions, why a deep sigmoid net's gradient vanishes, and dead ReLUs.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'activations-and-vanishing-gradients', experiments, claims, cards } satisfies LessonModule;

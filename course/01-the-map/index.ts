// Lesson 01: where deep learning sits, and why learned functions beat hand-written rules on MNIST.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'the-map', experiments, claims, cards } satisfies LessonModule;

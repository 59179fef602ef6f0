// Lesson 05, softmax vs argmax: its experiments, claims and quiz cards (the text is lesson.md).

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'softmax-vs-argmax', experiments, claims, cards } satisfies LessonModule;

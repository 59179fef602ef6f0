// Lesson 03: how a network learns — loss, gradient descent, the learning rate, epochs, backpropagation, and inference.

import type { LessonModule } from '../kit/index.ts';
import { experiments } from './experiment.ts';
import { claims } from './claims.ts';
import { cards } from './cards.ts';

export default { id: 'how-networks-learn', experiments, claims, cards } satisfies LessonModule;

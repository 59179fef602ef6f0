// The course: every lesson's modules, in reading order. The lab finds lessons here; each folder's
// lesson.md (the text) is read by the lab from disk (Node) or served by the lab server (browser).

import type { LessonModule } from './kit/index.ts';
import whatIsANeuralNetwork from './02-what-is-a-neural-network/index.ts';
import softmaxVsArgmax from './05-softmax-vs-argmax/index.ts';
import crossEntropyVsSquaredError from './06-cross-entropy-vs-squared-error/index.ts';
import activationsAndVanishingGradients from './07-activations-and-vanishing-gradients/index.ts';
import debuggingAFlatLoss from './09-debugging-a-flat-loss/index.ts';

export const lessons: readonly LessonModule[] = [whatIsANeuralNetwork, softmaxVsArgmax, crossEntropyVsSquaredError, activationsAndVanishingGradients, debuggingAFlatLoss];

/** Folder name of each lesson (`<nn>-<id>`), for finding its lesson.md. */
export const lessonFolders: Readonly<Record<string, string>> = {
  'what-is-a-neural-network': '02-what-is-a-neural-network',
  'softmax-vs-argmax': '05-softmax-vs-argmax',
  'cross-entropy-vs-squared-error': '06-cross-entropy-vs-squared-error',
  'activations-and-vanishing-gradients': '07-activations-and-vanishing-gradients',
  'debugging-a-flat-loss': '09-debugging-a-flat-loss',
};

// The course: every lesson's modules, in reading order. The lab finds lessons here; each folder's
// lesson.md (the text) is read by the lab from disk (Node) or served by the lab server (browser).

import type { LessonModule } from './kit/index.ts';
import theMap from './01-the-map/index.ts';
import whatIsANeuralNetwork from './02-what-is-a-neural-network/index.ts';
import howNetworksLearn from './03-how-networks-learn/index.ts';
import optimizationVsLearning from './04-optimization-vs-learning/index.ts';
import softmaxVsArgmax from './05-softmax-vs-argmax/index.ts';
import crossEntropyVsSquaredError from './06-cross-entropy-vs-squared-error/index.ts';
import activationsAndVanishingGradients from './07-activations-and-vanishing-gradients/index.ts';
import initialization from './08-initialization/index.ts';
import debuggingAFlatLoss from './09-debugging-a-flat-loss/index.ts';
import regularization from './10-regularization/index.ts';
import ensembles from './11-ensembles/index.ts';
import hyperparameterSearch from './12-hyperparameter-search/index.ts';
import blackBoxImprovement from './13-black-box-improvement/index.ts';

export const lessons: readonly LessonModule[] = [theMap, whatIsANeuralNetwork, howNetworksLearn, optimizationVsLearning, softmaxVsArgmax, crossEntropyVsSquaredError, activationsAndVanishingGradients, initialization, debuggingAFlatLoss, regularization, ensembles, hyperparameterSearch, blackBoxImprovement];

/** Folder name of each lesson (`<nn>-<id>`), for finding its lesson.md. */
export const lessonFolders: Readonly<Record<string, string>> = {
  'the-map': '01-the-map',
  'what-is-a-neural-network': '02-what-is-a-neural-network',
  'how-networks-learn': '03-how-networks-learn',
  'optimization-vs-learning': '04-optimization-vs-learning',
  'softmax-vs-argmax': '05-softmax-vs-argmax',
  'cross-entropy-vs-squared-error': '06-cross-entropy-vs-squared-error',
  'activations-and-vanishing-gradients': '07-activations-and-vanishing-gradients',
  'initialization': '08-initialization',
  'debugging-a-flat-loss': '09-debugging-a-flat-loss',
  'regularization': '10-regularization',
  'ensembles': '11-ensembles',
  'hyperparameter-search': '12-hyperparameter-search',
  'black-box-improvement': '13-black-box-improvement',
};

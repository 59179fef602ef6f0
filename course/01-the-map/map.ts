// The course map: every lesson of the syllabus (built or planned) placed on the taxonomy — which
// circles of AI ⊃ ML ⊃ DL its experiments use, its learning paradigm, its topic. Plain data, so
// the web home page can draw it; lesson 01's course-map experiment shows it as a table.

/** The nested circles: artificial intelligence ⊃ machine learning ⊃ deep learning. */
export type Circle = 'AI' | 'ML' | 'DL';
/** How the training signal is obtained (generative describes what the model outputs, and overlaps the others). */
export type Paradigm = 'supervised' | 'self-supervised' | 'unsupervised' | 'generative' | 'reinforcement';

export interface MapEntry {
  number: number;
  id: string;
  title: string;
  part: string;
  /** Every circle the lesson's experiments use, innermost last (a rule baseline is AI outside ML). */
  circles: readonly Circle[];
  /** The lesson's learning paradigms, main one first. */
  paradigms: readonly Paradigm[];
  topic: string;
}

export const PARTS = [
  'What a neural network is and how it learns',
  'Generalization',
  'Data efficiency',
  'Features and representations',
  'Sequences, attention and generation',
] as const;

const [I, II, III, IV, V] = PARTS;
const e = (number: number, id: string, title: string, part: string, circles: Circle[], paradigms: Paradigm[], topic: string): MapEntry =>
  ({ number, id, title, part, circles, paradigms, topic });

export const courseMap: readonly MapEntry[] = [
  e(1, 'the-map', 'The map: where deep learning sits', I, ['AI', 'ML', 'DL'], ['supervised'], 'hand-written rules vs learned models'),
  e(2, 'what-is-a-neural-network', 'What is a neural network?', I, ['DL'], ['supervised'], 'neurons, layers, function approximation'),
  e(3, 'how-networks-learn', 'How networks learn', I, ['DL'], ['supervised'], 'loss, gradient descent, backpropagation'),
  e(4, 'optimization-vs-learning', 'Optimization vs learning', I, ['ML', 'DL'], ['supervised'], 'empirical risk, 0-1 loss, batches, optimizers'),
  e(5, 'softmax-vs-argmax', 'Softmax vs argmax', I, ['DL'], ['supervised'], 'outputs and their gradients'),
  e(6, 'cross-entropy-vs-squared-error', 'Why cross-entropy instead of squared error?', I, ['ML', 'DL'], ['supervised'], 'loss functions'),
  e(7, 'activations-and-vanishing-gradients', 'Activations and vanishing gradients', I, ['DL'], ['supervised'], 'activation functions, gradient flow'),
  e(8, 'initialization', 'Initialization', I, ['DL'], ['supervised'], 'weight scales, symmetry'),
  e(9, 'debugging-a-flat-loss', 'Training and test loss stay constant. What could be wrong?', I, ['DL'], ['supervised'], 'training failures and their signatures'),
  e(10, 'regularization', 'Regularization', II, ['DL'], ['supervised'], 'overfitting and its remedies'),
  e(11, 'ensembles', 'Ensembles', II, ['ML', 'DL'], ['supervised'], 'bagging, boosting, stacking'),
  e(12, 'hyperparameter-search', 'Hyper-parameter search', II, ['ML', 'DL'], ['supervised'], 'grid, random and Bayesian search'),
  e(13, 'black-box-improvement', 'Improving a black box', II, ['DL'], ['supervised'], 'input transforms, test-time augmentation'),
  e(14, 'is-deep-learning-always-better', 'Is deep learning always better?', III, ['ML', 'DL'], ['supervised'], 'classic models vs networks on small tables'),
  e(15, 'data-hunger', 'Deep learning is data hungry', III, ['ML', 'DL'], ['supervised'], 'learning curves, inductive bias'),
  e(16, 'active-learning', 'Active learning', III, ['DL'], ['supervised'], 'choosing which examples to label'),
  e(17, 'transfer-learning', 'Transfer learning', III, ['DL'], ['supervised'], 'reusing a pretrained network'),
  e(18, 'fine-tuning', 'Fine-tuning', III, ['DL'], ['supervised'], 'pretrained weights, small learning rates'),
  e(19, 'few-and-zero-shot', 'Few- and zero-shot learning', III, ['DL'], ['supervised'], 'prototypes in an embedding'),
  e(20, 'distillation', 'Distillation', III, ['DL'], ['supervised'], 'teacher and student networks'),
  e(21, 'automatic-feature-extraction', 'Automatic feature extraction', IV, ['DL'], ['supervised'], 'what the layers of a CNN learn'),
  e(22, 'faces-features-vs-deep', 'Faces: hand-made features vs deep learning', IV, ['ML', 'DL'], ['supervised'], 'Haar features + AdaBoost vs a CNN'),
  e(23, 'embeddings', 'Embeddings', IV, ['DL'], ['self-supervised'], 'word vectors, skip-gram'),
  e(24, 'resume-token-classifier', 'Classifying resume tokens', IV, ['AI', 'DL'], ['supervised'], 'embeddings and context vs a lexicon'),
  e(25, 'rnn-gradients-lstm', 'RNN gradients and the LSTM', V, ['DL'], ['supervised'], 'recurrent networks, gradient clipping'),
  e(26, 'attention-and-transformers', 'Attention and transformers', V, ['DL'], ['supervised'], 'sequence-to-sequence, attention'),
  e(27, 'language-models', 'Language models', V, ['DL'], ['self-supervised', 'generative'], 'next-token prediction, sampling'),
  e(28, 'generative-models', 'Generative models', V, ['DL'], ['generative', 'unsupervised'], 'GANs and VAEs'),
];

/** Lessons per paradigm (a lesson counts once for each paradigm it lists). */
export function paradigmCounts(entries: readonly MapEntry[] = courseMap): Record<Paradigm, number> {
  const counts: Record<Paradigm, number> = { supervised: 0, 'self-supervised': 0, unsupervised: 0, generative: 0, reinforcement: 0 };
  for (const entry of entries) for (const p of entry.paradigms) counts[p]++;
  return counts;
}

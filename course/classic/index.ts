// Classic methods several lessons share, written by hand because lessons explain them: decision
// stumps and AdaBoost (lessons 11, 14, 22), logistic regression (11, 14, 15), and a Gaussian process
// with expected improvement for Bayesian optimization (12).

export type { Table, LabelledTable } from './table.ts';
export { checkTable } from './table.ts';
export { cholesky, choleskySolve, solveLower, solveUpperTransposed, type SquareMatrix } from './linalg.ts';
export { normalCdf, normalPdf } from './normal.ts';
export { GaussianProcess, kernelValue, expectedImprovement, defaultGpSettings, type GpSettings, type Kernel, type Posterior } from './gaussian-process.ts';
export { fitStump, sortFeatures, stumpPredict, type Stump } from './decision-stump.ts';
export { fitAdaBoost, adaBoostPredict, adaBoostScores, type AdaBoostModel, type BoostedStump } from './adaboost.ts';
export { fitLogisticRegression, logisticProbabilities, type LogisticModel, type LogisticFit, type LogisticOptions } from './logistic-regression.ts';

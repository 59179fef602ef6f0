// Typed errors for everything the engine rejects. Messages name the op and every shape involved,
// so a learner can fix the call without reading engine code.

export class GradschoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit an op: broadcasting, matmul inner sizes, reshape sizes, dims. */
export class ShapeError extends GradschoolError {}

/** A dtype an op cannot take (e.g. requiresGrad on int32, a float index). */
export class DTypeError extends GradschoolError {}

/** An index out of bounds: gather/indexSelect/embedding indices, item() on a big tensor. */
export class IndexError extends GradschoolError {}

/** A value that is not allowed: a negative size, a probability outside [0, 1]. */
export class ValueError extends GradschoolError {}

/** Misuse of autograd: backward twice through a freed graph, backward on a non-scalar without grad. */
export class AutogradError extends GradschoolError {}

/** A forward or backward produced NaN/Inf under detectAnomaly(). */
export class AnomalyError extends GradschoolError {}

/** Training went wrong in a way the loop can name: a NaN/Inf loss at a given epoch and step. */
export class TrainingError extends GradschoolError {}

/** A tensor used after the tidy() scope that made it closed (its memory may hold another tensor now). */
export class LifetimeError extends GradschoolError {}

/** A tensor too big to allocate: more elements than a typed array may hold, or past the memory limit. */
export class AllocationError extends ValueError {}

/** A model or tensor file that cannot be read: names the file and the field. */
export class FormatError extends GradschoolError {}

/** Formats a shape as PyTorch prints it: [2, 3]. */
export const fmtShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

// Image transforms for augmentation (torchvision.transforms-like): each takes an image (C, H, W) or
// a batch (N, C, H, W) of floats and draws its randomness, per image, from the engine RNG.

import type { Transform } from './image.ts';

export type { Transform } from './image.ts';
export { shift, randomShift, randomCrop, hflip, randomHorizontalFlip } from './geometric.ts';
export { rotate, randomRotation } from './rotation.ts';
export { gaussianNoise, normalize } from './pixel.ts';

/** Applies the transforms left to right. */
export const compose = (...transforms: Transform[]): Transform => (x) => transforms.reduce((y, t) => t(y), x);

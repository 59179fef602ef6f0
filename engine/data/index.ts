// Datasets and loaders (torch.utils.data + torchvision-style transforms), usable in Node and the
// browser. Loaders that read files from disk live in index.node.ts (Node only).

export { type Dataset, TensorDataset, Subset } from './dataset.ts';
export { defaultCollate, type Collated } from './collate.ts';
export { DataLoader, type DataLoaderOptions } from './loader.ts';
export { Generator, type RandomOptions } from './generator.ts';
export { randomSplit, stratifiedSubset, type StratifiedOptions } from './split.ts';
export * as transforms from './transforms/index.ts';
export { parseIdx, type IdxArray } from './idx.ts';
export { gunzip, isGzip, GUNZIP_MAX_BYTES, type GunzipOptions } from './gzip.ts';
export { imageSetFromIdx, mnistClassNames, fashionMnistClassNames, type ImageSet, type IdxImageOptions } from './mnist.ts';
export * from './sklearn.ts';
export { CharVocab, CharSequenceDataset, charSequenceDataset, splitSequence, type CharVocabOptions } from './text.ts';
export { makeMoons, makeCircles, makeSpiral, makeXor, makeBlobs, type ToySet, type ToyOptions, type BlobOptions } from './toy.ts';
export { MissingDataError } from './missing.ts';

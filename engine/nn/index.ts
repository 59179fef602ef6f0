// nn: modules, layers and initializers, PyTorch's torch.nn in camelCase (users write new nn.Linear(784, 256)).

export * from './parameter.ts';
export * from './module.ts';
export * from './containers.ts';
export * as init from './init.ts';
export * from './linear.ts';
export * from './conv.ts';
export * from './pooling.ts';
export * from './flatten.ts';
export * from './dropout.ts';
export * from './normalization.ts';
export * from './embedding.ts';
export * from './activation.ts';
export * from './loss.ts';
// --- recurrent and attention ---
export * from './recurrent/rnn.ts';
export * from './recurrent/cells.ts';
export * from './attention/multihead.ts';
export * from './attention/transformer.ts';

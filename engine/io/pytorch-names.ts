// gradschool names state-dict keys in camelCase (runningMean, weightIhL0, inProjWeight); PyTorch
// uses snake_case (running_mean, weight_ih_l0, in_proj_weight). The mapping is mechanical, so a
// state dict converts both ways and checkpoints can be shared with PyTorch code.

import type { Tensor } from '../tensor/tensor.ts';

/** runningMean → running_mean, layers.0.weightIhL0Reverse → layers.0.weight_ih_l0_reverse. */
export const toPyTorchName = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** running_mean → runningMean, weight_ih_l0 → weightIhL0. */
export const fromPyTorchName = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const mapKeys = (sd: Record<string, Tensor>, f: (k: string) => string): Record<string, Tensor> =>
  Object.fromEntries(Object.entries(sd).map(([k, v]) => [f(k), v]));

/** A state dict with PyTorch's keys, e.g. to save a safetensors file PyTorch's load_state_dict accepts. */
export const toPyTorchNames = (sd: Record<string, Tensor>): Record<string, Tensor> => mapKeys(sd, toPyTorchName);
/** A PyTorch state dict (loaded from safetensors) with gradschool's keys, ready for loadStateDict. */
export const fromPyTorchNames = (sd: Record<string, Tensor>): Record<string, Tensor> => mapKeys(sd, fromPyTorchName);

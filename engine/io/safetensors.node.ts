// Node-only: safetensors files on disk. The format itself lives in safetensors.ts (bytes in/out).

import { readFileSync, writeFileSync } from 'node:fs';
import type { Tensor } from '../tensor/tensor.ts';
import { saveSafetensors, loadSafetensors, type SafetensorsContents } from './safetensors.ts';

/** Writes tensors (and optional string metadata) to a .safetensors file. */
export function saveFile(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): void {
  writeFileSync(path, saveSafetensors(tensors, metadata));
}

/** Reads a .safetensors file; errors name the path. */
export function loadFile(path: string): SafetensorsContents {
  return loadSafetensors(readFileSync(path), { file: path });
}

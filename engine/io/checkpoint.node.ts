// Node-only: checkpoints on disk. The format itself lives in checkpoint.ts (bytes in/out).

import { readFileSync, writeFileSync } from 'node:fs';
import { saveCheckpoint, loadCheckpoint, readCheckpoint, type SaveCheckpointOptions, type LoadCheckpointOptions } from './checkpoint.ts';
import { checkOptions } from '../options.ts';

/** Writes a checkpoint file (one .safetensors file). */
export function saveCheckpointFile(path: string, opts: SaveCheckpointOptions): void {
  writeFileSync(path, saveCheckpoint(opts));
}

/** Restores a checkpoint file into the model (and optimizer, scheduler); errors name the path. */
export function loadCheckpointFile(path: string, opts: Omit<LoadCheckpointOptions, 'file'>): ReturnType<typeof loadCheckpoint> {
  checkOptions('loadCheckpointFile', opts, ['model', 'optimizer', 'scheduler', 'strict'], { file: 'the path is the first argument' });
  return loadCheckpoint(readFileSync(path), { ...opts, file: path });
}

/** Reads a checkpoint file without applying it. */
export function readCheckpointFile(path: string): ReturnType<typeof readCheckpoint> {
  return readCheckpoint(readFileSync(path), { file: path });
}

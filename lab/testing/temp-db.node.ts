// For tests that run commands in process: a temporary folder whose lab.db GRADSCHOOL_DB points at
// for the whole test file, restored and removed afterwards.

import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Registers before/after hooks; returns the folder and the database path inside it. */
export function useTempDb(prefix: string): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = join(dir, 'lab.db');
  const saved = process.env.GRADSCHOOL_DB;
  before(() => {
    process.env.GRADSCHOOL_DB = db;
  });
  after(() => {
    if (saved === undefined) delete process.env.GRADSCHOOL_DB;
    else process.env.GRADSCHOOL_DB = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, db };
}

// What every request handler of the lab server works with.

import type { Lesson } from '../lesson-file.node.ts';
import type { Store } from '../store.node.ts';

export interface LabContext {
  lessons: readonly Lesson[];
  store: Store;
  /** Folder of the built web app (index.html and its assets). */
  webRoot: string;
}

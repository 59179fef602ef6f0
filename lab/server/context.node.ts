// What every request handler of the lab server works with.

import type { Lesson } from '../lesson-file.node.ts';
import type { Store } from '../store.node.ts';
import type { Logger } from './http.node.ts';

export interface LabContext {
  lessons: readonly Lesson[];
  store: Store;
  /** Folder of the built web app (index.html and its assets). */
  webRoot: string;
  /** Where internal errors are reported; default: the console. */
  log?: Logger;
}

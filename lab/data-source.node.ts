// The DataSource for Node (CLI, tests): dataset files read from disk (see data-files.node.ts),
// parsed by the same code the browser uses.

import { bytesDataSource } from './data-source.ts';
import { readDataFile } from './data-files.node.ts';
import type { DataSource } from '../course/kit/index.ts';

export { dataFilePath, readDataFile } from './data-files.node.ts';

export const nodeDataSource = (): DataSource => bytesDataSource(readDataFile);

// A worker thread's entry: registers tsx (workers do not inherit the parent's loader hooks) and
// then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');

// A data-parallel worker's entry: registers tsx (workers do not inherit the parent's loader hooks,
// and the engine is TypeScript source), then runs the worker loop.
import { register } from 'tsx/esm/api';

register();
await import('./replica-worker.ts');

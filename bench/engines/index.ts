// Engine name → its adapter, loaded lazily so a benchmark process imports only the library it measures.

import type { EngineName } from '../config.ts';
import type { Engine } from './types.ts';

export const loadEngine: Record<EngineName, () => Promise<Engine>> = {
  'gradschool-js': async () => (await import('./gradschool.ts')).create('js'),
  'gradschool-wasm-1t': async () => (await import('./gradschool.ts')).create('wasm-1t'),
  'gradschool-wasm-mt': async () => (await import('./gradschool.ts')).create('wasm-mt'),
  'gradschool-wasm-dp': async () => (await import('./gradschool.ts')).create('wasm-dp'),
  'gradschool-wasm-fma': async () => (await import('./gradschool.ts')).create('wasm-fma'),
  'tfjs-cpu': async () => (await import('./tfjs.ts')).create('cpu'),
  'tfjs-wasm': async () => (await import('./tfjs.ts')).create('wasm'),
  brain: async () => (await import('./brain.ts')).create(),
  'ort-1t': async () => (await import('./ort.ts')).create(),
  'pytorch-1t': async () => (await import('./pytorch.ts')).create(1),
  'pytorch-2t': async () => (await import('./pytorch.ts')).create(2),
};

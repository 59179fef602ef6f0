// Vite build of the browser lab: root web/, output web/dist, the training worker bundled as an ES
// module (it imports the engine, the course and lab/claims.ts). Build: npx vite build --config web/vite.config.ts

import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const labServer = process.env.GRADSCHOOL_LAB_URL ?? 'http://127.0.0.1:4173';

export default defineConfig({
  root,
  base: '/',
  plugins: [svelte({ configFile: false })],
  // Dev server (npx vite --config web/vite.config.ts, with `npm start` running for the API): the
  // worker imports course/, lab/ and engine/ from outside web/, and threads need isolation headers.
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    proxy: { '/api': labServer, '/data': labServer },
  },
  // Bundler timing notes only measure this machine's speed; they are not about the code.
  worker: { format: 'es', rolldownOptions: { checks: { bundlerTimings: false } } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});

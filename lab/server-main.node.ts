// Entry point of `npm start` (after scripts/start.mjs has built the web app): starts the lab server
// on 127.0.0.1:$PORT (default 4173) and turns start-up failures into one clear line.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultWebRoot } from './server/listen.node.ts';

async function main(): Promise<void> {
  const portText = process.env.PORT ?? '4173';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`PORT must be an integer from 0 to 65535, got '${portText}'`);
  // Loaded here rather than imported above so a broken lesson is reported like any other start-up failure.
  const { startServer } = await import('./server.node.ts').catch((e: Error) => {
    throw new Error(`cannot load the course: ${e.message}`);
  });
  const server = await startServer({ port });
  console.log(`gradschool lab: ${server.url}`);
  if (!existsSync(join(defaultWebRoot, 'index.html'))) console.log('(the web app is not built, so only the API answers: run npm run build:web)');
  const stop = () => {
    server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`gradschool lab: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

// `gradschool serve`: starts the lab server (the browser lab and its API) on 127.0.0.1 and keeps it
// up until Ctrl-C. The port: --port, else PORT, else 4173.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../lab/server.node.ts';
import { EXIT_OK } from '../errors.ts';
import { DEFAULT_PORT, parsePort } from '../options.ts';

export async function serveCommand(flags: { port?: number }): Promise<number> {
  const port = flags.port ?? (process.env.PORT ? parsePort(process.env.PORT, 'PORT') : DEFAULT_PORT);
  const server = await startServer({ port });
  process.stdout.write(`gradschool lab at ${server.url}\n`);
  const page = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
  if (!existsSync(page)) process.stdout.write('(the browser app is not built yet, so only the API answers: run npm run build:web)\n');
  process.stdout.write('Ctrl-C stops it.\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return EXIT_OK;
}

// Starting the lab server for a given set of lessons: opens the store, listens on loopback only,
// and bounds how long a slow or stalled client may hold a connection.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Lesson } from '../lesson-file.node.ts';
import { openStore } from '../store.node.ts';
import type { Logger } from './http.node.ts';
import { createHandler } from './router.node.ts';

export interface ServeOptions {
  /** 0 picks a free port. Default 4173. */
  port?: number;
  /** Only loopback addresses are accepted: the lab has no authentication. */
  host?: string;
  /** Default: $GRADSCHOOL_DB or ~/.gradschool/lab.db. */
  dbPath?: string;
  /** Default: web/dist. */
  webRoot?: string;
  /** Where internal errors are reported (default: the console); client hang-ups are not reported. */
  log?: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

export async function serve(lessons: readonly Lesson[], opts: ServeOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!loopback.has(host)) throw new Error(`the lab server only listens on loopback (127.0.0.1, ::1 or localhost), not '${host}'`);
  const port = opts.port ?? 4173;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer from 0 to 65535, got ${port}`);

  const store = openStore(opts.dbPath);
  const server = createServer(createHandler({ lessons, store, webRoot: opts.webRoot ?? defaultWebRoot, log: opts.log }));
  server.requestTimeout = 30_000; // whole request, body included
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.setTimeout(60_000, (socket) => socket.destroy()); // idle sockets

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    store.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new Error(`port ${port} on ${host} is already in use: stop the other server or set PORT to another number`);
    if (err.code === 'EACCES') throw new Error(`not allowed to listen on port ${port}: choose a port above 1023 with PORT`);
    throw err;
  }
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          store.close();
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

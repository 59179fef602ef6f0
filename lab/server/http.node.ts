// Small HTTP helpers for the lab server: the headers every response carries, JSON replies and
// errors, and reading a JSON request body with a size cap.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error that becomes a JSON reply with this status; the message is shown to the client. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Cross-origin isolation (the page may use SharedArrayBuffer threads) and no MIME sniffing. */
export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/** Replies to any thrown value: HttpErrors with their status and message, anything else as a
 *  500 whose details go to the server's log, never to the client. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    sendJson(res, err.status, { error: err.message }, err.headers);
    return;
  }
  console.error('gradschool lab: internal error:', err);
  sendJson(res, 500, { error: 'internal server error (details are in the server log)' });
}

/** Reads and parses a JSON body. 415 unless it is declared as JSON; 413 as soon as it passes the
 *  cap (from Content-Length if given, else while streaming), discarding the rest unread. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new HttpError(415, `request body must be JSON: send Content-Type: application/json (got ${type ? `'${type}'` : 'none'})`);
  }
  const tooLarge = () => {
    // Drain without keeping anything, so the client can read the reply; then drop the connection.
    req.removeAllListeners('data');
    req.resume();
    return new HttpError(413, `request body is larger than the ${limit / (1024 * 1024)} MiB limit`, { Connection: 'close' });
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();

  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.off('end', onEnd);
        reject(tooLarge());
      } else chunks.push(chunk);
    };
    const onEnd = () => resolve();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new HttpError(400, 'request body is empty: expected a JSON object');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `request body is not valid JSON: ${(e as Error).message}`);
  }
}

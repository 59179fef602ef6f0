// Small HTTP helpers for the lab server: the headers every response carries, JSON replies and
// errors (a client that hung up is no server error), and reading a JSON request body with a size cap.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error that becomes a JSON reply with this status; the message is shown to the client. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The client went away (closed or reset the connection) before the exchange finished: nobody is
 *  left to answer and nothing on the server went wrong, so it is neither replied to nor logged. */
export class ClientGoneError extends Error {
  constructor(message = 'the client closed the connection') {
    super(message);
    this.name = 'ClientGoneError';
  }
}

/** Where the server reports its own failures (injectable so tests can see what gets logged). */
export type Logger = (message: string, err?: unknown) => void;
export const consoleLogger: Logger = (message, err) => console.error(message, err);

/** A GET handler's reply when it carries headers besides the body (a Link to the next page…). */
export class JsonReply {
  constructor(readonly body: unknown, readonly headers: Record<string, string> = {}) {}
}

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

// Error codes a socket gives when the peer hung up; with the socket gone they mean the client left.
const hangUpCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);
const isHangUp = (err: unknown, res: ServerResponse): boolean =>
  err instanceof ClientGoneError || (hangUpCodes.has((err as NodeJS.ErrnoException)?.code ?? '') && (res.destroyed || !!res.socket?.destroyed));

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

/** Replies to any thrown value: HttpErrors with their status and message, a client that hung up
 *  with nothing, anything else as a 500 whose details go to `log`, never to the client. */
export function sendError(res: ServerResponse, err: unknown, log: Logger = consoleLogger): void {
  if (isHangUp(err, res)) {
    res.destroy();
    return;
  }
  if (!(err instanceof HttpError)) log('gradschool lab: internal error:', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    sendJson(res, err.status, { error: err.message }, err.headers);
    return;
  }
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
  let onClose = () => {};
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
    // Closed before 'end': the client hung up mid-body (without this the read would wait forever).
    onClose = () => reject(new ClientGoneError('the client closed the connection while sending the request body'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ECONNRESET' ? new ClientGoneError(`the client reset the connection while sending the request body (${e.message})`) : e));
  }).finally(() => req.off('close', onClose));
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new HttpError(400, 'request body is empty: expected a JSON object');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `request body is not valid JSON: ${(e as Error).message}`);
  }
}

// A raw HTTP client for the server tests: sends the path exactly as written (fetch would normalize
// '..' away, hiding traversal attempts) and returns status, headers and body text.

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body as sent (binary files, gzipped bodies). */
  bytes: Buffer;
  json(): any;
}

export interface RequestOptions {
  body?: string | Buffer;
  headers?: Record<string, string | number>;
  /** Write the body in pieces with no Content-Length (chunked). */
  chunked?: boolean;
}

export function request(port: number, method: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined && !opts.chunked && headers['Content-Length'] === undefined) headers['Content-Length'] = Buffer.byteLength(opts.body);
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, text, bytes, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined && opts.chunked) {
      const bytes = Buffer.from(opts.body);
      for (let at = 0; at < bytes.length; at += 1 << 20) req.write(bytes.subarray(at, at + (1 << 20)));
    } else if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export const postJson = (port: number, path: string, body: unknown) =>
  request(port, 'POST', path, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

// Gunzip for the browser and Node alike, through the standard DecompressionStream (Node ≥ 18).
// The output is capped (maxBytes): a small file may claim to inflate to gigabytes. Node-only
// loaders (*.node.ts) may use zlib's synchronous gunzip instead, with its maxOutputLength.

import { FormatError } from '../errors.ts';
import { checkOptions } from '../options.ts';

export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The default inflated-size cap: the largest IDX dataset file (Fashion-MNIST train images) is 47 MB. */
export const GUNZIP_MAX_BYTES = 256 * 2 ** 20;

export interface GunzipOptions {
  /** The most bytes the data may inflate to (default GUNZIP_MAX_BYTES); past it is a FormatError. */
  maxBytes?: number;
}

export async function gunzip(bytes: Uint8Array, name = 'gzip data', opts: GunzipOptions = {}): Promise<Uint8Array> {
  checkOptions('gunzip', opts, ['maxBytes']);
  const { maxBytes = GUNZIP_MAX_BYTES } = opts;
  if (!isGzip(bytes)) throw new FormatError(`${name}: not gzip data (the first two bytes are not 1f 8b)`);
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw new FormatError(`${name}: corrupt gzip data (${(e as Error).message})`);
    }
    if (chunk.done) break;
    total += chunk.value.length;
    if (total > maxBytes) {
      // Stop inflating: the rest is never produced.
      await reader.cancel().catch(() => {});
      throw new FormatError(`${name}: inflates to more than ${maxBytes} bytes, the limit (gunzip's maxBytes option raises it)`);
    }
    chunks.push(chunk.value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// Gunzip for the browser and Node alike, through the standard DecompressionStream (Node ≥ 18).
// Node-only loaders (*.node.ts) may use zlib's synchronous gunzip instead.

import { FormatError } from '../errors.ts';

export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

export async function gunzip(bytes: Uint8Array, name = 'gzip data'): Promise<Uint8Array> {
  if (!isGzip(bytes)) throw new FormatError(`${name}: not gzip data (the first two bytes are not 1f 8b)`);
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new FormatError(`${name}: corrupt gzip data (${(e as Error).message})`);
  }
}

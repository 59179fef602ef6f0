// A minimal tar (ustar) writer and reader for the ONNX test data archive: regular files only, names
// up to 100 bytes, fixed mode/owner/time so the same files always give the same bytes.

export interface TarEntry {
  /** Relative path with '/' separators, e.g. `test_abs/model.onnx`. */
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;
const ascii = new TextEncoder();
const text = new TextDecoder();

/** A header's checksum: the sum of its bytes with the checksum field itself read as spaces. */
function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum;
}

function octal(header: Uint8Array, at: number, width: number, value: number): void {
  header.set(ascii.encode(value.toString(8).padStart(width - 1, '0')), at);
}

function checkName(name: string, where: string): void {
  if (!name || name.startsWith('/') || name.split('/').some((p) => p === '..' || p === '')) throw new Error(`${where}: unsafe entry name '${name}'`);
}

/** The tar bytes of `entries`, in the order given. */
export function packTar(entries: readonly TarEntry[]): Uint8Array {
  const size = entries.reduce((n, e) => n + BLOCK + Math.ceil(e.data.length / BLOCK) * BLOCK, 2 * BLOCK);
  const out = new Uint8Array(size);
  let at = 0;
  for (const { name, data } of entries) {
    checkName(name, 'packTar');
    const nameBytes = ascii.encode(name);
    if (nameBytes.length > 100) throw new Error(`packTar: '${name}' is ${nameBytes.length} bytes; ustar names hold 100`);
    const h = out.subarray(at, at + BLOCK);
    h.set(nameBytes, 0);
    octal(h, 100, 8, 0o644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, data.length);
    octal(h, 136, 12, 0);
    h[156] = 0x30; // '0': a regular file
    h.set(ascii.encode('ustar\u000000'), 257);
    octal(h, 148, 7, checksum(h));
    h[155] = 0x20;
    out.set(data, at + BLOCK);
    at += BLOCK + Math.ceil(data.length / BLOCK) * BLOCK;
  }
  return out; // the two zero blocks at the end are already zeros
}

const field = (h: Uint8Array, at: number, width: number): string => text.decode(h.subarray(at, at + width)).replace(/\0.*$/s, '');

/** The regular files in tar bytes (directory entries are skipped); `where` names the archive in errors. */
export function unpackTar(bytes: Uint8Array, where = 'tar'): TarEntry[] {
  const entries: TarEntry[] = [];
  for (let at = 0; at + BLOCK <= bytes.length; ) {
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return entries;
    const sum = parseInt(field(h, 148, 8).trim(), 8);
    if (sum !== checksum(h)) throw new Error(`${where}: bad header checksum at byte ${at}`);
    const prefix = field(h, 345, 155);
    const name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 0x30);
    if (at + BLOCK + size > bytes.length) throw new Error(`${where}: '${name}' needs ${size} bytes, the archive ends first`);
    if (type === '0') {
      checkName(name, where);
      entries.push({ name, data: bytes.slice(at + BLOCK, at + BLOCK + size) });
    } else if (type !== '5') throw new Error(`${where}: '${name}' has entry type '${type}'; only files and folders are read`);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error(`${where}: truncated (no end-of-archive blocks)`);
}

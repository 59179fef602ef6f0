// Seeded mutations shared by the fuzz CLI (npm run fuzz) and its smoke test: a small generator,
// byte flips and cuts, and field-level changes of a safetensors JSON header. Case k of seed s is
// drawn from its own generator, so any one input reproduces from (seed, case) alone.

/** mulberry32: a small seeded generator. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] };
}
export type Rng = ReturnType<typeof rng>;

/** The generator of case k under `seed` (hashed, so neighbouring cases are unrelated). */
export const caseRng = (seed: number, k: number): Rng => rng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(k + 1, 0xc2b2ae35));

/** Integers that break size, axis and offset arithmetic: zero, negatives, int32 and 2^53 edges. */
export const EXTREME_INTS = [0, 1, 2, 3, -1, -2, 7, 255, 65536, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32, 2 ** 40, 2 ** 52, 1e7, -1e7];

/** A copy (even of a Node Buffer) with 1 to 4 bytes flipped or replaced. */
export function flipBytes(r: Rng, b: Uint8Array): Uint8Array {
  const out = Uint8Array.prototype.slice.call(b);
  const n = 1 + r.int(4);
  for (let i = 0; i < n && out.length; i++) {
    const at = r.int(out.length);
    if (r.next() < 0.5) out[at] ^= 1 << r.int(8);
    else out[at] = r.int(256);
  }
  return out;
}

/** The file cut short at a random byte. */
export const truncate = (r: Rng, b: Uint8Array): Uint8Array => b.subarray(0, r.int(b.length));

/** A big-endian or little-endian unsigned field of `width` bytes at `at` set to `value` (wrapped). */
export function setUint(b: Uint8Array, at: number, width: number, value: number, littleEndian: boolean): Uint8Array {
  const out = Uint8Array.prototype.slice.call(b);
  let v = BigInt.asUintN(width * 8, BigInt(Math.trunc(value)));
  for (let i = 0; i < width; i++) {
    out[littleEndian ? at + i : at + width - 1 - i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

// ---- safetensors (and checkpoints, which are safetensors) ----

export function splitSafetensors(b: Uint8Array): { header: Record<string, unknown>; data: Uint8Array; n: number } {
  const n = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + n))), data: b.subarray(8 + n), n };
}

export function joinSafetensors(headerText: string, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

/** The header length field set to a value near the truth or far from it. */
export function corruptLength(r: Rng, file: Uint8Array, n: number): Uint8Array {
  const len = r.pick([0, 1, 2, n - 8, n - 1, n + 1, n + 8, file.length - 8, file.length, 2 ** 31, 2 ** 32 + n, 2 ** 53, 2 ** 64 - 1]);
  return setUint(file, 0, 8, len, true);
}

export const WEIRD: unknown[] = [null, true, -1, 0, 1, 1.5, 2 ** 31, 2 ** 40, 2 ** 53, 1e308, -0, '', 'F32', 'x', [], [0], [1, 2, 3], {}, { a: 1 }, [-1, 4], [4, 0], ['0', '4']];

/** One change to one field of the JSON header: dtypes, shapes, offsets, metadata, entries, keys, nesting. */
export function mutateHeader(r: Rng, header: Record<string, unknown>): string {
  const h = structuredClone(header) as Record<string, any>;
  const names = Object.keys(h).filter((k) => k !== '__metadata__');
  const name = r.pick(names);
  const entry = h[name];
  switch (r.int(11)) {
    case 0: entry.dtype = r.pick(['F32', 'F64', 'I32', 'BOOL', 'F16', 'BF16', 'I64', 'U8', 'I8', 'U16', 'U32', 'U64', 'F8_E4M3', 'C64', 'f32', 7, null]); break;
    case 1: entry.shape = [...entry.shape]; entry.shape[r.int(entry.shape.length + 1)] = r.pick([...EXTREME_INTS, 2 ** 50, 1.5, '2']); break;
    case 2: entry.shape = r.next() < 0.5 ? entry.shape.slice(1) : [...entry.shape, r.pick([1, 2, 0])]; break;
    case 3: entry.data_offsets = entry.data_offsets.map((o: number) => o + r.pick([-8, -4, -1, 1, 4, 8, 2 ** 40])); break;
    case 4: entry.data_offsets[r.int(2)] = r.pick(WEIRD); break;
    case 5: delete entry[r.pick(['dtype', 'shape', 'data_offsets'])]; break;
    case 6: h[name] = r.pick(WEIRD); break;
    case 7: h.__metadata__ = r.next() < 0.5 ? r.pick(WEIRD) : { ...(h.__metadata__ ?? {}), k: r.pick(WEIRD) }; break;
    case 8: entry.data_offsets = [...entry.data_offsets].reverse(); break;
    case 9: {
      // Deep nesting in place of a field: JSON.parse must never see thousands of levels.
      const depth = r.pick([2, 20, 100, 5000]);
      return JSON.stringify(h).replace(/^\{/, `{"deep":${'['.repeat(depth)}${']'.repeat(r.next() < 0.5 ? depth : 0)},`);
    }
    default: {
      // Textual: repeat an entry under the same key, or swap two entries' offsets.
      if (r.next() < 0.5) return JSON.stringify(h).replace(/^\{/, `{${JSON.stringify(name)}:${JSON.stringify(entry)},`);
      const other = h[r.pick(names)];
      [entry.data_offsets, other.data_offsets] = [other.data_offsets, entry.data_offsets];
    }
  }
  return JSON.stringify(h);
}

/** One change inside a JSON string of the metadata (a checkpoint's optimizer groups, epoch, metrics). */
export function mutateMetadata(r: Rng, header: Record<string, unknown>): string {
  const h = structuredClone(header) as Record<string, any>;
  const meta = h.__metadata__ as Record<string, string>;
  const key = r.pick(Object.keys(meta));
  const s = meta[key];
  const at = r.int(s.length + 1);
  const insert = r.pick(['0', '-1', '"', '{', '}', 'null', '[]', '1e999', ',', 'x', String(r.pick(EXTREME_INTS)), '['.repeat(3000)]);
  meta[key] = r.next() < 0.6 ? s.slice(0, at) + insert + s.slice(at + 1) : s.slice(0, at);
  return JSON.stringify(h);
}

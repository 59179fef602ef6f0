// Character-level text data: a vocabulary (char ↔ id), next-character training pairs, and a
// train/validation split by position so the held-out text is a tail the model never saw.

import { Tensor } from '../tensor/tensor.ts';
import { fromTypedArray } from '../tensor/creation.ts';
import { ValueError } from '../errors.ts';
import { checkIndex, type Dataset } from './dataset.ts';
import { checkOptions } from '../options.ts';

export interface CharVocabOptions {
  /** A character that stands for any character outside the vocabulary (added if missing). Without it, encode throws. */
  unknown?: string;
}

export class CharVocab {
  /** id → character, in code-point order (the unknown character, if any, included). */
  readonly chars: readonly string[];
  readonly unknown?: string;
  private readonly ids: Map<string, number>;

  constructor(chars: Iterable<string>, opts: CharVocabOptions = {}) {
    checkOptions('CharVocab', opts, ['unknown']);
    const set = new Set(chars);
    if (opts.unknown !== undefined) {
      if ([...opts.unknown].length !== 1) throw new ValueError(`CharVocab: unknown must be a single character, got '${opts.unknown}'`);
      set.add(opts.unknown);
    }
    this.chars = [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    this.unknown = opts.unknown;
    this.ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  /** The vocabulary of every distinct character (code point) in `text`. */
  static fromText(text: string, opts: CharVocabOptions = {}): CharVocab {
    return new CharVocab(text, opts);
  }

  get size(): number {
    return this.chars.length;
  }

  /** Characters → ids. An unseen character maps to the unknown id, or throws naming it and its position. */
  encode(text: string): Int32Array {
    const unk = this.unknown === undefined ? undefined : this.ids.get(this.unknown);
    const out = new Int32Array(text.length); // UTF-16 length: at least the number of code points
    let pos = 0;
    for (const ch of text) {
      const id = this.ids.get(ch) ?? unk;
      if (id === undefined) throw new ValueError(`CharVocab.encode: character ${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) at position ${pos} is not in the vocabulary of ${this.size}; pass { unknown } to map unseen characters`);
      out[pos++] = id;
    }
    return pos === out.length ? out : out.slice(0, pos);
  }

  /** Ids (array, typed array or tensor) → text. */
  decode(ids: ArrayLike<number> | Tensor): string {
    const values = ids instanceof Tensor ? ids.toTypedArray() : ids;
    let s = '';
    for (let i = 0; i < values.length; i++) {
      const c = this.chars[values[i]];
      if (c === undefined) throw new ValueError(`CharVocab.decode: id ${values[i]} at position ${i} is outside the vocabulary of ${this.size}`);
      s += c;
    }
    return s;
  }

  toJSON(): { chars: string[]; unknown?: string } {
    return { chars: [...this.chars], unknown: this.unknown };
  }

  static fromJSON(json: { chars: string[]; unknown?: string }): CharVocab {
    return new CharVocab(json.chars, { unknown: json.unknown });
  }
}

const idsOf = (ids: Int32Array | Tensor): Int32Array => (ids instanceof Tensor ? Int32Array.from(ids.toTypedArray()) : ids);

/**
 * Next-character pairs: item i is (x, y) with x = ids[s, s+L) and y = ids[s+1, s+L+1), s = i·stride.
 * Both int32 of shape (L); batches are (B, L).
 */
export class CharSequenceDataset implements Dataset<[Tensor, Tensor]> {
  readonly ids: Int32Array;
  readonly seqLen: number;
  readonly stride: number;

  constructor(ids: Int32Array | Tensor, seqLen: number, opts: { stride?: number } = {}) {
    checkOptions('charSequenceDataset', opts, ['stride']);
    const { stride = seqLen } = opts;
    if (!Number.isInteger(seqLen) || seqLen <= 0) throw new ValueError(`charSequenceDataset: seqLen must be a positive integer, got ${seqLen}`);
    if (!Number.isInteger(stride) || stride <= 0) throw new ValueError(`charSequenceDataset: stride must be a positive integer, got ${stride}`);
    this.ids = idsOf(ids);
    this.seqLen = seqLen;
    this.stride = stride;
  }

  get length(): number {
    const n = this.ids.length - this.seqLen - 1; // the last window needs one more id for its target
    return n < 0 ? 0 : Math.floor(n / this.stride) + 1;
  }

  get(i: number): [Tensor, Tensor] {
    checkIndex('CharSequenceDataset.get', i, this.length);
    const s = i * this.stride, L = this.seqLen;
    return [fromTypedArray(this.ids.slice(s, s + L), [L]), fromTypedArray(this.ids.slice(s + 1, s + L + 1), [L])];
  }

  getBatch(indices: Int32Array): [Tensor, Tensor] {
    const L = this.seqLen, x = new Int32Array(indices.length * L), y = new Int32Array(indices.length * L);
    indices.forEach((i, b) => {
      x.set(this.ids.subarray(i * this.stride, i * this.stride + L), b * L);
      y.set(this.ids.subarray(i * this.stride + 1, i * this.stride + L + 1), b * L);
    });
    return [fromTypedArray(x, [indices.length, L]), fromTypedArray(y, [indices.length, L])];
  }
}

export const charSequenceDataset = (ids: Int32Array | Tensor, seqLen: number, opts: { stride?: number } = {}): CharSequenceDataset =>
  new CharSequenceDataset(ids, seqLen, opts);

/** Splits a sequence by position: the first part for training, the last `valFraction` held out. */
export function splitSequence(ids: Int32Array | Tensor, valFraction = 0.1): { train: Int32Array; val: Int32Array } {
  if (!(valFraction >= 0 && valFraction <= 1)) throw new ValueError(`splitSequence: valFraction must be in [0, 1], got ${valFraction}`);
  const all = idsOf(ids), cut = all.length - Math.round(all.length * valFraction);
  return { train: all.subarray(0, cut), val: all.subarray(cut) };
}

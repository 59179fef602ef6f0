// What the two character models share: Moby-Dick (or its first characters under --quick/--limit),
// a vocabulary of the whole book's characters, and the last 10% of the text held out.

import { data } from '../../engine/index.ts';
import { loadMobyDick } from '../../engine/data/index.node.ts';

export function loadCorpus(flags: { quick: boolean; limit: number }) {
  const book = loadMobyDick();
  const text = flags.quick ? book.slice(0, 6000) : flags.limit ? book.slice(0, flags.limit) : book;
  const vocab = data.CharVocab.fromText(book); // the whole book's characters, so the prompt always encodes
  const { train, val } = data.splitSequence(vocab.encode(text), 0.1); // the last 10% is held out
  return { text, vocab, train, val };
}

// A tiny GPT on Moby-Dick: a character-level transformer — token + position embeddings, a few
// causal pre-LayerNorm transformer blocks, a final LayerNorm and a linear head — scored in bits
// per character on the last 10% of the book (never trained on), then asked to write ~300 characters.
//   npx tsx examples/tiny-gpt.ts [--epochs 1] [--seed 0] [--dim 64] [--layers 2] [--heads 4]
//        [--context 64] [--batch-size 32] [--lr 0.002] [--temperature 0.8] [--limit CHARS] [--quick] [--backend js|wasm]
// Ends with one JSON line: {"example":"tiny-gpt","epochs":1,"bitsPerChar":…,"seconds":…,"backend":…}

import { nn, optim, data, fit, crossEntropy, manualSeed, noGrad, arange, fromTypedArray, type Tensor } from '../engine/index.ts';
import { parseFlags, useBackend, progress, report, round, secondsSince, consoleOutput, isMain, runMain, type Output, type ExampleRun } from './lib/cli.ts';
import { sampleIndex } from './lib/sample.ts';
import { loadCorpus } from './lib/corpus.ts';

interface GPTConfig { vocabSize: number; context: number; dim: number; layers: number; heads: number; dropout: number }

class TinyGPT extends nn.Module {
  tokens: nn.Embedding;
  positions: nn.Embedding;
  blocks: nn.Sequential;
  norm: nn.LayerNorm;
  head: nn.Linear;

  constructor(readonly config: GPTConfig) {
    super();
    const { vocabSize, context, dim, layers, heads, dropout } = config;
    this.tokens = new nn.Embedding(vocabSize, dim); // what each character is
    this.positions = new nn.Embedding(context, dim); // where it stands in the window
    // causal: position i attends to positions 0..i only, so predicting i + 1 cannot peek ahead.
    this.blocks = new nn.Sequential(...Array.from({ length: layers }, () => new nn.TransformerBlock(dim, heads, { causal: true, dropout })));
    this.norm = new nn.LayerNorm(dim);
    this.head = new nn.Linear(dim, vocabSize);
    // GPT-2's initialization: small normal weights (std 0.02), zero biases.
    this.apply((m) => {
      if (m instanceof nn.Linear || m instanceof nn.Embedding) nn.init.normal_(m.weight, 0, 0.02);
      if (m instanceof nn.Linear && m.bias) nn.init.zeros_(m.bias);
    });
  }

  /** x: (N, L) character ids, L ≤ context → (N, L, V) logits for the next character at every position. */
  forward(x: Tensor): Tensor {
    const where = arange(0, x.shape[1], 1, { dtype: 'int32' });
    const h = this.tokens.call(x).add(this.positions.call(where)); // (N, L, D) + (L, D) broadcasts
    return this.head.call(this.norm.call(this.blocks.call(h)));
  }
}

export async function main(argv: string[], out: Output = consoleOutput): Promise<ExampleRun> {
  const flags = parseFlags(argv, {
    epochs: 1, seed: 0, dim: 64, layers: 2, heads: 4, context: 64, dropout: 0, batchSize: 32, lr: 2e-3, clip: 1,
    temperature: 0.8, sampleLength: 300, prompt: 'Call me Ishmael', limit: 0, quick: false, backend: '',
  });
  const start = performance.now();
  const backend = useBackend(flags.backend);
  manualSeed(flags.seed);

  const { text, vocab, train, val } = loadCorpus(flags);
  // Item i: x = the `context` characters from i·context, y = the same window shifted by one.
  const trainSet = data.charSequenceDataset(train, flags.context);
  const valSet = data.charSequenceDataset(val, flags.context);
  if (!trainSet.length || !valSet.length) throw new Error(`tiny-gpt: ${text.length} characters are too few for windows of ${flags.context}`);
  const trainLoader = new data.DataLoader(trainSet, { batchSize: flags.batchSize, shuffle: true, seed: flags.seed });
  const valLoader = new data.DataLoader(valSet, { batchSize: 64 });

  const model = new TinyGPT({ vocabSize: vocab.size, context: flags.context, dim: flags.dim, layers: flags.layers, heads: flags.heads, dropout: flags.dropout });
  out.log(`tiny-gpt on ${backend}: ${train.length} training / ${val.length} held-out characters, vocabulary ${vocab.size}`);
  out.log(model.toString());

  const optimizer = new optim.AdamW(model.parameters(), { lr: flags.lr, weightDecay: 0.01 });
  // Warm up to lr over the first 30% of the steps, then anneal (one cosine cycle); stepped every batch.
  const scheduler = new optim.lrScheduler.OneCycleLR(optimizer, { maxLr: flags.lr, totalSteps: flags.epochs * trainLoader.length });
  const loss = (logits: Tensor, y: Tensor) => crossEntropy(logits.reshape([-1, vocab.size]), y.reshape([-1]));
  const bits = (nats: number) => nats / Math.LN2; // cross-entropy in nats → bits per character
  const bar = progress(out, flags.epochs, (r) => `train ${bits(r.trainLoss).toFixed(3)} bits/char · held-out ${bits(r.valLoss!).toFixed(3)} bits/char`);
  const history = await fit(model, {
    train: trainLoader, val: valLoader, loss, optimizer, epochs: flags.epochs, scheduler, schedulerInterval: 'step',
    beforeStep: () => optim.clipGradNorm_(model.parameters(), flags.clip),
    onEvent: bar.onEvent,
  });

  // Writing: the model sees at most `context` characters, so it reads the tail of what is written so far.
  model.eval();
  let sample = flags.prompt;
  const ids = [...vocab.encode(flags.prompt)];
  noGrad(() => {
    for (let i = 0; i < flags.sampleLength; i++) {
      const window = ids.slice(-flags.context);
      const logits = model.forward(fromTypedArray(Int32Array.from(window), [1, window.length]));
      const next = sampleIndex(logits.select(1, -1).select(0, 0), flags.temperature);
      ids.push(next);
      sample += vocab.decode([next]);
    }
  });
  out.log(`--- sample (temperature ${flags.temperature}) ---\n${sample}\n---`);

  const last = history.epochs[history.epochs.length - 1];
  const result = {
    example: 'tiny-gpt', epochs: flags.epochs, bitsPerChar: round(bits(last.valLoss!)), trainBitsPerChar: round(bits(last.trainLoss)),
    seconds: secondsSince(start), backend, seed: flags.seed, trainChars: train.length, heldOutChars: val.length,
    dim: flags.dim, layers: flags.layers, heads: flags.heads, context: flags.context, batchSize: flags.batchSize,
    steps: history.epochs.length * trainLoader.length, sample,
  };
  report(out, result);
  return { result, losses: bar.losses };
}

if (isMain(import.meta.url)) runMain(main);

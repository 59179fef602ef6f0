// A character-level language model on Moby-Dick: embedding → LSTM → linear, trained with
// truncated backpropagation through time (BPTT), scored in bits per character on the last 10% of
// the book (never trained on), then asked to write ~300 characters.
//   npx tsx examples/char-lstm.ts [--epochs 1] [--seed 0] [--hidden 128] [--seq-len 64]
//        [--batch-size 32] [--lr 0.002] [--temperature 0.8] [--limit CHARS] [--quick] [--backend js|wasm]
//        [--replicas N]   (N > 1: train data-parallel, one replica per thread; see dataParallel)
// Ends with one JSON line: {"example":"char-lstm","epochs":1,"bitsPerChar":…,"seconds":…,"backend":…}

import { optim, fit, manualSeed, noGrad, fromTypedArray, dataParallel, type DataParallel, type Tensor } from '../engine/index.ts';
import { parseFlags, useBackend, progress, report, round, secondsSince, consoleOutput, isMain, runMain, type Output, type ExampleRun } from './lib/cli.ts';
import { sampleIndex } from './lib/sample.ts';
import { loadCorpus } from './lib/corpus.ts';
import { CharLSTM, lossOf, type LSTMReplica, type TrainConfig } from './lib/char-lstm-model.ts';

/**
 * Truncated BPTT's batches: the text is cut into `batch` long streams side by side, and each
 * batch holds the next `seqLen` characters of every stream. Row b of batch t continues row b of
 * batch t − 1, so the LSTM's state can carry over while gradients stop at each batch's start.
 * x = characters, y = the same streams one character later: (batch, seqLen) int32 each.
 */
function streamBatches(ids: Int32Array, batch: number, seqLen: number): [Tensor, Tensor][] {
  const perStream = Math.floor((ids.length - 1) / batch);
  const out: [Tensor, Tensor][] = [];
  for (let t = 0; (t + 1) * seqLen <= perStream; t++) {
    const x = new Int32Array(batch * seqLen), y = new Int32Array(batch * seqLen);
    for (let b = 0; b < batch; b++) {
      const s = b * perStream + t * seqLen;
      x.set(ids.subarray(s, s + seqLen), b * seqLen);
      y.set(ids.subarray(s + 1, s + seqLen + 1), b * seqLen);
    }
    out.push([fromTypedArray(x, [batch, seqLen]), fromTypedArray(y, [batch, seqLen])]);
  }
  return out;
}

/** Batches that restart the model's memory each time they are iterated (each epoch, each evaluation). */
const fromTheStart = (reset: () => void, batches: [Tensor, Tensor][]) => ({
  length: batches.length,
  *[Symbol.iterator]() {
    reset();
    yield* batches;
  },
});

export async function main(argv: string[], out: Output = consoleOutput): Promise<ExampleRun> {
  const flags = parseFlags(argv, {
    epochs: 1, seed: 0, hidden: 128, embed: 32, seqLen: 64, batchSize: 32, lr: 2e-3, clip: 1,
    temperature: 0.8, sampleLength: 300, prompt: 'Call me Ishmael', limit: 0, quick: false, backend: '', replicas: 1,
  });
  if (!Number.isInteger(flags.replicas) || flags.replicas < 1) throw new Error(`char-lstm: --replicas must be a positive integer, got ${flags.replicas}`);
  const start = performance.now();
  const backend = useBackend(flags.backend);
  manualSeed(flags.seed);

  const { text, vocab, train, val } = loadCorpus(flags);
  const trainBatches = streamBatches(train, flags.batchSize, flags.seqLen);
  // Fewer streams for the short held-out tail, so it still fills a few batches.
  const valBatches = streamBatches(val, Math.max(1, Math.min(flags.batchSize, Math.floor(val.length / (4 * flags.seqLen)))), flags.seqLen);
  if (!trainBatches.length || !valBatches.length) throw new Error(`char-lstm: ${text.length} characters are too few for batches of ${flags.batchSize}×${flags.seqLen}`);

  const config: TrainConfig = { vocabSize: vocab.size, embed: flags.embed, hidden: flags.hidden, lr: flags.lr, clip: flags.clip };
  // Data-parallel: each replica takes the same rows of every batch on its own thread (and carries
  // their LSTM state); this thread's replica is the model we validate and sample from.
  let dp: DataParallel | null = null;
  if (flags.replicas > 1) dp = await dataParallel({ module: new URL('./lib/char-lstm-model.ts', import.meta.url), options: config, replicas: flags.replicas, seed: flags.seed });
  const local = dp ? (dp.local as LSTMReplica) : null;
  const model = local?.model ?? new CharLSTM(vocab.size, flags.embed, flags.hidden);
  out.log(`char-lstm on ${backend}${dp ? `, ${dp.replicas} replicas` : ''}: ${train.length} training / ${val.length} held-out characters, vocabulary ${vocab.size}`);
  out.log(model.toString());

  const optimizer = local?.optimizer ?? new optim.Adam(model.parameters(), { lr: flags.lr });
  const loss = lossOf(vocab.size);
  const bits = (nats: number) => nats / Math.LN2; // cross-entropy in nats → bits per character
  const bar = progress(out, flags.epochs, (r) => `train ${bits(r.trainLoss).toFixed(3)} bits/char · held-out ${bits(r.valLoss!).toFixed(3)} bits/char`);
  // Validation runs on this thread's model alone, so it resets that one; training resets them all.
  const history = await fit(model, {
    train: fromTheStart(() => (dp ? dp.reset() : model.resetState()), trainBatches), val: fromTheStart(() => model.resetState(), valBatches),
    loss, optimizer, epochs: flags.epochs, onEvent: bar.onEvent,
    // With replicas, clipping runs in each replica's update() (lib/char-lstm-model.ts).
    ...(dp ? { dataParallel: dp } : { beforeStep: () => optim.clipGradNorm_(model.parameters(), flags.clip) }), // LSTMs' gradients spike now and then
  });
  await dp?.close();

  // Writing: feed the prompt, then draw one character at a time and feed it back.
  model.eval();
  model.resetState();
  let sample = flags.prompt;
  noGrad(() => {
    let logits = model.forward(fromTypedArray(vocab.encode(flags.prompt), [1, flags.prompt.length]));
    for (let i = 0; i < flags.sampleLength; i++) {
      const next = sampleIndex(logits.select(1, -1).select(0, 0), flags.temperature);
      sample += vocab.decode([next]);
      logits = model.forward(fromTypedArray(Int32Array.of(next), [1, 1]));
    }
  });
  out.log(`--- sample (temperature ${flags.temperature}) ---\n${sample}\n---`);

  const last = history.epochs[history.epochs.length - 1];
  const result = {
    example: 'char-lstm', epochs: flags.epochs, bitsPerChar: round(bits(last.valLoss!)), trainBitsPerChar: round(bits(last.trainLoss)),
    seconds: secondsSince(start), trainSeconds: round(history.epochs.reduce((t, e) => t + e.seconds, 0)), backend, seed: flags.seed,
    trainChars: train.length, heldOutChars: val.length, replicas: flags.replicas,
    hidden: flags.hidden, seqLen: flags.seqLen, batchSize: flags.batchSize, steps: history.epochs.length * trainBatches.length, sample,
  };
  report(out, result);
  return { result, losses: bar.losses };
}

if (isMain(import.meta.url)) runMain(main);

// A tiny GPT on Moby-Dick: a character-level transformer — token + position embeddings, a few
// causal pre-LayerNorm transformer blocks, a final LayerNorm and a linear head — scored in bits
// per character on the last 10% of the book (never trained on), then asked to write ~300 characters.
//   npx tsx examples/tiny-gpt.ts [--epochs 1] [--seed 0] [--dim 64] [--layers 2] [--heads 4]
//        [--context 64] [--batch-size 32] [--lr 0.002] [--temperature 0.8] [--limit CHARS] [--quick] [--backend js|wasm]
//        [--replicas N]   (N > 1: train data-parallel, one replica per thread; see dataParallel)
// Ends with one JSON line: {"example":"tiny-gpt","epochs":1,"bitsPerChar":…,"seconds":…,"backend":…}

import { optim, data, fit, manualSeed, noGrad, fromTypedArray, dataParallel, type DataParallel } from '../engine/index.ts';
import { parseFlags, useBackend, progress, report, round, secondsSince, consoleOutput, isMain, runMain, type Output, type ExampleRun } from './lib/cli.ts';
import { sampleIndex } from './lib/sample.ts';
import { loadCorpus } from './lib/corpus.ts';
import { TinyGPT, optimizerFor, lossOf, type GPTReplica, type TrainConfig } from './lib/tiny-gpt-model.ts';

export async function main(argv: string[], out: Output = consoleOutput): Promise<ExampleRun> {
  const flags = parseFlags(argv, {
    epochs: 1, seed: 0, dim: 64, layers: 2, heads: 4, context: 64, dropout: 0, batchSize: 32, lr: 2e-3, clip: 1,
    temperature: 0.8, sampleLength: 300, prompt: 'Call me Ishmael', limit: 0, quick: false, backend: '', replicas: 1,
  });
  if (!Number.isInteger(flags.replicas) || flags.replicas < 1) throw new Error(`tiny-gpt: --replicas must be a positive integer, got ${flags.replicas}`);
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

  const config: TrainConfig = {
    model: { vocabSize: vocab.size, context: flags.context, dim: flags.dim, layers: flags.layers, heads: flags.heads, dropout: flags.dropout },
    lr: flags.lr, clip: flags.clip, totalSteps: flags.epochs * trainLoader.length,
  };
  // Data-parallel: each replica takes a share of every batch's rows on its own thread; this
  // thread's replica is the model we validate and sample from.
  let dp: DataParallel | null = null;
  if (flags.replicas > 1) dp = await dataParallel({ module: new URL('./lib/tiny-gpt-model.ts', import.meta.url), options: config, replicas: flags.replicas, seed: flags.seed });
  const local = dp ? (dp.local as GPTReplica) : null;
  const model = local?.model ?? new TinyGPT(config.model);
  out.log(`tiny-gpt on ${backend}${dp ? `, ${dp.replicas} replicas` : ''}: ${train.length} training / ${val.length} held-out characters, vocabulary ${vocab.size}`);
  out.log(model.toString());

  const { optimizer, scheduler } = local ?? optimizerFor(model, config);
  const loss = lossOf(vocab.size);
  const bits = (nats: number) => nats / Math.LN2; // cross-entropy in nats → bits per character
  const bar = progress(out, flags.epochs, (r) => `train ${bits(r.trainLoss).toFixed(3)} bits/char · held-out ${bits(r.valLoss!).toFixed(3)} bits/char`);
  const history = await fit(model, {
    train: trainLoader, val: valLoader, loss, optimizer, epochs: flags.epochs, onEvent: bar.onEvent,
    // With replicas, clipping and the schedule run in each replica's update() (lib/tiny-gpt-model.ts).
    ...(dp ? { dataParallel: dp } : {
      scheduler, schedulerInterval: 'step' as const,
      beforeStep: () => optim.clipGradNorm_(model.parameters(), flags.clip),
    }),
  });
  await dp?.close();

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
    seconds: secondsSince(start), trainSeconds: round(history.epochs.reduce((t, e) => t + e.seconds, 0)), backend, seed: flags.seed, trainChars: train.length, heldOutChars: val.length,
    dim: flags.dim, layers: flags.layers, heads: flags.heads, context: flags.context, batchSize: flags.batchSize, replicas: flags.replicas,
    steps: history.epochs.length * trainLoader.length, sample,
  };
  report(out, result);
  return { result, losses: bar.losses };
}

if (isMain(import.meta.url)) runMain(main);

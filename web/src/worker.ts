// The training worker: runs a lesson's experiment off the page's thread (engine on its wasm
// backend), streams progress, then checks the experiment's claims, reusing the run's own result
// when a claim asks for the same (config, seed). Stop aborts through the run's AbortSignal.

import { getBackendName, getNumThreads, getWasmKernels } from '../../engine/index.ts';
import { lessons } from '../../course/index.ts';
import { StoppedError, type ExperimentResult, type LessonModule } from '../../course/kit/index.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey, valueAlone } from '../../lab/claims.ts';
import { parseConfig } from '../../lab/config.ts';
import { bytesDataSource } from '../../lab/data-source.ts';
import type { RunPhase, WorkerReply, WorkerRequest } from './worker-protocol.ts';

// The server sends only the rows a run needs, gzipped; the browser's HTTP cache keeps them for the next run.
const data = bytesDataSource(async (path, rows) => {
  const url = `/data/${path}${rows === undefined ? '' : `?rows=${rows}`}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load the dataset file ${url} from the lab server (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
});

/** Results by runKey, shared by runs and claim checks; bounded so a long session stays small. */
const cache = new Map<string, ExperimentResult>();
const CACHE_LIMIT = 64;
function remember(key: string, result: ExperimentResult): void {
  cache.delete(key);
  cache.set(key, result);
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
}

const controllers = new Map<number, AbortController>();
const post = (reply: WorkerReply): void => postMessage(reply);

function lessonById(id: string): LessonModule {
  const lesson = lessons.find((l) => l.id === id);
  if (!lesson) throw new Error(`no lesson '${id}' in this build of the course (it has: ${lessons.map((l) => l.id).join(', ')})`);
  return lesson;
}

async function run(req: Extract<WorkerRequest, { type: 'run' }>, signal: AbortSignal): Promise<void> {
  let phase: RunPhase = 'run';
  try {
    const lesson = lessonById(req.lesson);
    const exp = findExperiment(lesson, req.experiment);
    const config = parseConfig(exp, req.overrides, { quick: req.quick });
    post({ type: 'config', id: req.id, config, engine: { backend: getBackendName(), threads: getNumThreads(), kernels: getBackendName() === 'wasm' ? getWasmKernels() : null } });
    const started = performance.now();
    const result = await runExperiment(exp, config, req.seed, {
      data,
      signal,
      onProgress: (event) => post({ type: 'progress', id: req.id, phase: 'run', event }),
      onLog: (message) => post({ type: 'log', id: req.id, message }),
    });
    post({ type: 'result', id: req.id, result, seconds: (performance.now() - started) / 1000 });
    remember(runKey(lesson.id, exp.id, config, req.seed), result);
    // Each claim's own check on this one run, with the settings where it differs from the claim's runs,
    // so the page can say how the claim fares on what the learner actually ran (and let it fail).
    const verdicts = lesson.claims.filter((c) => c.experiment === exp.id).map((c) => {
      const claimConfig = resolveConfig(exp, true, c.config);
      const differs = Object.keys(config).filter((k) => config[k] !== claimConfig[k]).map((k) => `${k}: ${claimConfig[k]} → ${config[k]}`);
      return { id: c.id, verdict: valueAlone(c, result, req.seed), seed: req.seed, differs };
    });
    if (verdicts.length) post({ type: 'own-claims', id: req.id, verdicts });

    const claims = lesson.claims.filter((c) => c.experiment === exp.id).map((c) => c.id);
    if (req.checkClaims && claims.length) {
      phase = 'claims';
      post({ type: 'claims-start', id: req.id, claims });
      // One claim at a time (sharing the cache) so each verdict shows as soon as it is known.
      for (const id of claims) {
        const [claim] = await checkClaims(lesson, {
          data,
          signal,
          only: [id],
          cache,
          onProgress: (event) => post({ type: 'progress', id: req.id, phase: 'claims', event }),
        });
        if (claim) post({ type: 'claim', id: req.id, claim });
      }
      // checkClaims fills `cache` without bounds; trim it back.
      for (const [key, value] of [...cache]) remember(key, value);
    }
    post({ type: 'done', id: req.id });
  } catch (e) {
    if (e instanceof StoppedError || signal.aborted) post({ type: 'stopped', id: req.id, phase });
    else post({ type: 'failed', id: req.id, phase, message: (e as Error)?.message ?? String(e) });
  }
}

/** A predict card: its experiment's quick run with the card's config and seed, graded by the card. */
async function predict(req: Extract<WorkerRequest, { type: 'predict' }>, signal: AbortSignal): Promise<void> {
  try {
    const lesson = lessonById(req.lesson);
    const card = lesson.cards.find((c) => c.id === req.card);
    if (!card) throw new Error(`lesson '${lesson.id}' has no card '${req.card}'`);
    if (card.kind !== 'predict') throw new Error(`card '${lesson.id}/${card.id}' is a recall card: there is nothing to run`);
    const exp = findExperiment(lesson, card.experiment);
    const config = resolveConfig(exp, true, card.config);
    const seed = card.seed ?? 0;
    const key = runKey(lesson.id, exp.id, config, seed);
    const started = performance.now();
    let result = cache.get(key);
    if (!result) {
      result = await runExperiment(exp, config, seed, {
        data,
        signal,
        onProgress: (event) => post({ type: 'progress', id: req.id, phase: 'run', event }),
      });
      remember(key, result);
    }
    post({ type: 'answer', id: req.id, answer: card.answer(result), metrics: result.metrics, seconds: (performance.now() - started) / 1000 });
    post({ type: 'done', id: req.id });
  } catch (e) {
    if (e instanceof StoppedError || signal.aborted) post({ type: 'stopped', id: req.id, phase: 'run' });
    else post({ type: 'failed', id: req.id, phase: 'run', message: (e as Error)?.message ?? String(e) });
  }
}

onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  if (req.type === 'stop') {
    controllers.get(req.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(req.id, controller);
  const job = req.type === 'run' ? run(req, controller.signal) : predict(req, controller.signal);
  void job.finally(() => controllers.delete(req.id));
};

// The lab server's JSON API as the page sees it: typed fetch helpers that turn a non-2xx answer
// into an ApiError carrying the server's `error` message (shown in the page's alert region).

import type { ClaimResult } from '../../lab/claims.ts';
import type { NewRun, RunRecord, RunSummary } from '../../lab/runs.ts';
import type { Config, Param } from '../../course/kit/index.ts';
// Types only: erased at build time, so no Node code reaches the page.
import type { LessonProgress } from '../../lab/progress.node.ts';
import type { GlossaryTerm } from '../../lab/glossary.ts';
import type { ConceptMastery } from '../../lab/concepts.ts';
import type { SearchHit } from '../../lab/search.ts';

export type { ClaimResult, NewRun, RunRecord, RunSummary, LessonProgress, GlossaryTerm, ConceptMastery, SearchHit };

export interface LessonSummary {
  id: string;
  number: number;
  title: string;
  folder: string;
  questions: string[];
  glossary: Array<{ term: string; definition: string }>;
  prerequisites: string[];
  experiments: Array<{ id: string; title: string; summary: string }>;
  progress: LessonProgress;
}

export interface ExperimentInfo {
  id: string;
  title: string;
  summary: string;
  params: Param[];
  defaults: Config;
  quick: Partial<Config>;
}

export interface ClaimInfo {
  id: string;
  text: string;
  experiment: string;
  seeds: number[];
  config?: Partial<Config>;
}

export interface CardInfo {
  id: string;
  kind: 'recall' | 'predict';
  front: string;
  back: string;
  choices?: string[];
  experiment?: string;
  config?: Partial<Config>;
  seed?: number;
}

export interface LessonDetail extends Omit<LessonSummary, 'experiments'> {
  markdown: string;
  html: string;
  experiments: ExperimentInfo[];
  claims: ClaimInfo[];
  cards: CardInfo[];
}

export type CardState = 'new' | 'learning' | 'review' | 'relearning';

export interface DueCard extends Omit<CardInfo, 'id'> {
  /** '<lesson>/<card>' */
  cardId: string;
  lesson: string;
  due: string;
  state: CardState;
  reps: number;
}

export type Rating = 'again' | 'hard' | 'good' | 'easy';

export interface ReviewResult {
  cardId: string;
  due: string;
  state: CardState;
  reps: number;
  /** When the review counted: the request's time, or the card's last review if that was later. */
  reviewedAt: string;
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await exchange<T>(method, path, body)).json;
}

async function exchange<T>(method: string, path: string, body?: unknown): Promise<{ json: T; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(`could not reach the lab server (${method} ${path}): ${(e as Error).message}. Is \`npm start\` still running?`, 0);
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: reported below if the status says it failed */
  }
  if (!res.ok) {
    const message = json && typeof json === 'object' && 'error' in json ? String((json as { error: unknown }).error) : text.slice(0, 200) || res.statusText;
    throw new ApiError(`${method} ${path} failed (${res.status}): ${message}`, res.status);
  }
  if (json === undefined) throw new ApiError(`${method} ${path}: the server answered ${res.status} without JSON`, res.status);
  return { json: json as T, headers: res.headers };
}

/** One page of runs, newest first; `before` is the cursor for the next page, null on the last. */
export interface RunsPage {
  runs: RunSummary[];
  before: number | null;
}

async function runsPage(opts: { lesson?: string; limit?: number; before?: number }): Promise<RunsPage> {
  const { json, headers } = await exchange<RunSummary[]>('GET', `/api/runs${q(opts)}`);
  const next = headers.get('x-next-before');
  return { runs: json, before: next === null ? null : Number(next) };
}

const q = (params: Record<string, string | number | undefined>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
};

export const api = {
  lessons: () => request<LessonSummary[]>('GET', '/api/lessons'),
  lesson: (id: string) => request<LessonDetail>('GET', `/api/lessons/${encodeURIComponent(id)}`),
  /** At most 100 runs a page (the server's cap); pass the page's `before` to get the next one. */
  runs: (opts: { lesson?: string; limit?: number; before?: number } = {}) => runsPage(opts),
  run: (id: number | string) => request<RunRecord>('GET', `/api/runs/${encodeURIComponent(String(id))}`),
  saveRun: (run: NewRun) => request<{ id: number }>('POST', '/api/runs', run),
  dueCards: (opts: { lesson?: string; concept?: string } = {}) => request<DueCard[]>('GET', `/api/cards/due${q(opts)}`),
  markRead: (lesson: string, read: boolean) => request<{ lesson: string; readAt: string | null }>('POST', `/api/lessons/${encodeURIComponent(lesson)}/read`, { read }),
  review: (body: { cardId: string; rating: Rating; answer?: number; correct?: boolean }) => request<ReviewResult>('POST', '/api/reviews', body),
  glossary: () => request<GlossaryTerm[]>('GET', '/api/glossary'),
  /** Mastery per glossary term over the quiz cards that use it, weakest first. */
  concepts: () => request<ConceptMastery[]>('GET', '/api/concepts'),
  search: (q: string) => request<SearchHit[]>('GET', `/api/search?q=${encodeURIComponent(q)}`),
};

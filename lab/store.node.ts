// The lab's SQLite file: saved runs, each quiz card's FSRS state and the review log. The CLI and the
// lab server each open their own connection to the same file; WAL mode lets one write while others read.

import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ClaimResult } from './claims.ts';
import { MAX_CLOCK_SKEW_MS, repairState, schedule, type CardState, type Rating } from './quiz.ts';
import { checkRunSize, RUN_LIMITS, type NewRun, type RunRecord, type RunSummary } from './runs.ts';

export interface ReviewInput {
  /** '<lesson>/<card>' */
  cardId: string;
  rating: Rating;
  now?: Date;
  /** The choice picked on a predict card. */
  answer?: number;
  correct?: boolean;
}

export interface Store {
  readonly path: string;
  /** Stores a run and returns its id; a RunTooLargeError (nothing stored) when it is over RUN_LIMITS. */
  saveRun(run: NewRun): number;
  /** Newest first; `limit` defaults to 50; `before`: only runs with a smaller id (the next page
   *  starts before the last id of this one, which stays right while runs are added). */
  listRuns(opts?: { lesson?: string; limit?: number; before?: number }): RunSummary[];
  getRun(id: number): RunRecord | null;
  countRuns(lesson?: string): number;
  /**
   * Each claim's verdict from the newest run that checked it (runs check one experiment's claims at
   * a time, so a lesson's verdicts come from several runs), or null if no run has checked any.
   */
  latestClaims(lesson: string): ClaimResult[] | null;
  cardState(cardId: string): CardState | null;
  /** Every reviewed card's state, by card id; a repaired one (see repairState) is due by `dueBy`. */
  cardStates(dueBy?: Date): Map<string, CardState>;
  /**
   * Schedules the card (ts-fsrs), stores its new state and logs the review, atomically. The review
   * counts at `now`, or at the card's last review if `now` is earlier (the state's last_review says
   * which); a `now` more than MAX_CLOCK_SKEW_MS ahead of this computer's clock throws, storing nothing.
   */
  saveReview(review: ReviewInput): CardState;
  /** Marks a lesson read at `now` (or not read); returns when it was marked, or null. */
  markRead(lesson: string, read: boolean, now?: Date): string | null;
  /** When each lesson marked read was marked, by lesson id. */
  readLessons(): Map<string, string>;
  /** Reviews since local midnight of `now`. */
  reviewsToday(now?: Date): number;
  close(): void;
}

export const defaultDbPath = (): string => process.env.GRADSCHOOL_DB || join(homedir(), '.gradschool', 'lab.db');

// Each entry moves the schema one version up; PRAGMA user_version records how far a file has come.
const migrations: string[] = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY,
     lesson TEXT NOT NULL,
     experiment TEXT NOT NULL,
     source TEXT NOT NULL,
     seed INTEGER NOT NULL,
     quick INTEGER NOT NULL,
     config TEXT NOT NULL,
     status TEXT NOT NULL,
     started_at TEXT NOT NULL,
     seconds REAL NOT NULL,
     metrics TEXT NOT NULL,
     claims TEXT NOT NULL,
     figures TEXT NOT NULL,
     progress TEXT NOT NULL,
     error TEXT
   );
   CREATE INDEX runs_by_lesson ON runs (lesson, id);
   CREATE TABLE card_states (
     card_id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     due TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE reviews (
     id INTEGER PRIMARY KEY,
     card_id TEXT NOT NULL,
     rating TEXT NOT NULL,
     reviewed_at TEXT NOT NULL,
     answer INTEGER,
     correct INTEGER
   );
   CREATE INDEX reviews_by_time ON reviews (reviewed_at);`,
  // v2: lessons the learner has marked read.
  `CREATE TABLE lesson_reads (
     lesson TEXT PRIMARY KEY,
     read_at TEXT NOT NULL
   );`,
];

export const schemaVersion = migrations.length;

// IMMEDIATE takes the write lock before reading the version, so a CLI and a server opening a new
// file at the same moment cannot both try to create the tables.
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) {
      throw new Error(`its schema version ${version} is newer than this gradschool understands (${migrations.length})`);
    }
    for (let v = version; v < migrations.length; v++) db.exec(migrations[v]!);
    if (version < migrations.length) db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}

interface RunRow {
  id: number; lesson: string; experiment: string; source: string; seed: number; quick: number; config: string;
  status: string; started_at: string; seconds: number; metrics: string; claims: string; figures?: string;
  progress?: string; error?: string | null;
}

function summary(row: RunRow): RunSummary {
  return {
    id: row.id, lesson: row.lesson, experiment: row.experiment, source: row.source as RunSummary['source'],
    seed: row.seed, quick: row.quick === 1, config: JSON.parse(row.config), status: row.status as RunSummary['status'],
    startedAt: row.started_at, seconds: row.seconds, metrics: JSON.parse(row.metrics), claims: JSON.parse(row.claims),
  };
}

/** mkdir -p one level at a time, with errors a person can act on. (Node's recursive mkdirSync
 *  spins forever on some paths, e.g. under /proc.) */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  const first = missing.length ? dirname(missing[missing.length - 1]!) : dir;
  if (existsSync(first) && !statSync(first).isDirectory()) throw new Error(`${first} is a file, not a folder`);
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`cannot create the folder ${d} (${code === 'EACCES' ? 'permission denied' : (e as Error).message})`);
    }
  }
}

export function openStore(path: string = defaultDbPath()): Store {
  const file = path === ':memory:' ? path : resolve(path);
  let db: Database.Database;
  try {
    if (file !== ':memory:') makeFolder(dirname(file));
    db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (e) {
      db.close();
      throw e;
    }
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot open the lab database at ${file}: ${reason}; set GRADSCHOOL_DB to a writable file`);
  }

  const insertRun = db.prepare(`INSERT INTO runs (lesson, experiment, source, seed, quick, config, status, started_at, seconds, metrics, claims, figures, progress, error)
    VALUES (@lesson, @experiment, @source, @seed, @quick, @config, @status, @started_at, @seconds, @metrics, @claims, @figures, @progress, @error)`);
  // Runs stored before RUN_LIMITS existed may hold huge metrics or claims: lists show those as empty
  // (the run's own page still has them), so a page of runs stays small whatever the file holds.
  const capped = (col: string, limit: number, empty: string) => `CASE WHEN length(${col}) <= ${limit} THEN ${col} ELSE '${empty}' END AS ${col}`;
  const summaryColumns = `id, lesson, experiment, source, seed, quick, ${capped('config', RUN_LIMITS.config, '{}')}, status, started_at, seconds, ` +
    `${capped('metrics', RUN_LIMITS.metrics, '{}')}, ${capped('claims', RUN_LIMITS.claims, '[]')}`;
  const listAll = db.prepare(`SELECT ${summaryColumns} FROM runs WHERE id < ? ORDER BY id DESC LIMIT ?`);
  const listLesson = db.prepare(`SELECT ${summaryColumns} FROM runs WHERE lesson = ? AND id < ? ORDER BY id DESC LIMIT ?`);
  const getOne = db.prepare('SELECT * FROM runs WHERE id = ?');
  const countAll = db.prepare('SELECT count(*) AS n FROM runs');
  const countLesson = db.prepare('SELECT count(*) AS n FROM runs WHERE lesson = ?');
  const claimsOf = db.prepare(`SELECT claims FROM runs WHERE lesson = ? AND claims <> '[]' ORDER BY id DESC`);
  const stateOf = db.prepare('SELECT state FROM card_states WHERE card_id = ?');
  const allStates = db.prepare('SELECT card_id, state FROM card_states');
  const putState = db.prepare(`INSERT INTO card_states (card_id, state, due, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (card_id) DO UPDATE SET state = excluded.state, due = excluded.due, updated_at = excluded.updated_at`);
  const logReview = db.prepare('INSERT INTO reviews (card_id, rating, reviewed_at, answer, correct) VALUES (?, ?, ?, ?, ?)');
  const countSince = db.prepare('SELECT count(*) AS n FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ?');
  const putRead = db.prepare('INSERT INTO lesson_reads (lesson, read_at) VALUES (?, ?) ON CONFLICT(lesson) DO UPDATE SET read_at = excluded.read_at');
  const dropRead = db.prepare('DELETE FROM lesson_reads WHERE lesson = ?');
  const allReads = db.prepare('SELECT lesson, read_at FROM lesson_reads');

  // States are repaired as they are read (see repairState), so one written by a clock gone wrong
  // is due now rather than stuck in the future.
  const cardState = (cardId: string): CardState | null => {
    const row = stateOf.get(cardId) as { state: string } | undefined;
    return row ? repairState(JSON.parse(row.state)) : null;
  };

  const review = db.transaction((r: ReviewInput): CardState => {
    const clock = Date.now();
    const now = r.now ?? new Date(clock);
    if (now.getTime() > clock + MAX_CLOCK_SKEW_MS) {
      throw new RangeError(`review time ${now.toISOString()} is more than ${MAX_CLOCK_SKEW_MS / 3_600_000} hours ahead of this computer's clock (${new Date(clock).toISOString()})`);
    }
    const next = schedule(cardState(r.cardId), r.rating, now);
    const at = next.last_review ?? now.toISOString();
    putState.run(r.cardId, JSON.stringify(next), next.due, at);
    logReview.run(r.cardId, r.rating, at, r.answer ?? null, r.correct === undefined ? null : r.correct ? 1 : 0);
    return next;
  });

  return {
    path: file,
    saveRun(run) {
      const startedAt = run.startedAt ?? new Date(Date.now() - run.seconds * 1000).toISOString();
      const json = {
        config: JSON.stringify(run.config), metrics: JSON.stringify(run.metrics), claims: JSON.stringify(run.claims ?? []),
        figures: JSON.stringify(run.figures ?? []), progress: JSON.stringify(run.progress ?? []), error: run.error ?? null,
      };
      checkRunSize(json);
      const info = insertRun.run({
        lesson: run.lesson, experiment: run.experiment, source: run.source, seed: run.seed, quick: run.quick ? 1 : 0,
        status: run.status, started_at: startedAt, seconds: run.seconds, ...json,
      });
      return Number(info.lastInsertRowid);
    },
    listRuns({ lesson, limit = 50, before = Number.MAX_SAFE_INTEGER } = {}) {
      const rows = (lesson === undefined ? listAll.all(before, limit) : listLesson.all(lesson, before, limit)) as RunRow[];
      return rows.map(summary);
    },
    getRun(id) {
      const row = getOne.get(id) as RunRow | undefined;
      if (!row) return null;
      const run: RunRecord = { ...summary(row), figures: JSON.parse(row.figures!), progress: JSON.parse(row.progress!) };
      if (row.error != null) run.error = row.error;
      return run;
    },
    countRuns(lesson) {
      const row = (lesson === undefined ? countAll.get() : countLesson.get(lesson)) as { n: number };
      return row.n;
    },
    latestClaims(lesson) {
      const newest = new Map<string, ClaimResult>();
      for (const row of claimsOf.iterate(lesson) as Iterable<{ claims: string }>) {
        for (const c of JSON.parse(row.claims) as ClaimResult[]) if (!newest.has(c.id)) newest.set(c.id, c);
      }
      return newest.size ? [...newest.values()] : null;
    },
    cardState,
    cardStates(dueBy?: Date) {
      const rows = allStates.all() as Array<{ card_id: string; state: string }>;
      const clock = new Date();
      return new Map(rows.map((r) => [r.card_id, repairState(JSON.parse(r.state) as CardState, clock, dueBy)]));
    },
    saveReview: (r) => review(r),
    reviewsToday(now = new Date()) {
      const start = new Date(now);
      start.setHours(0, 0, 0, 0);
      const end = new Date(start);
      end.setDate(end.getDate() + 1);
      return (countSince.get(start.toISOString(), end.toISOString()) as { n: number }).n;
    },
    markRead(lesson, read, now = new Date()) {
      if (!read) {
        dropRead.run(lesson);
        return null;
      }
      const at = now.toISOString();
      putRead.run(lesson, at);
      return at;
    },
    readLessons: () => new Map((allReads.all() as Array<{ lesson: string; read_at: string }>).map((r) => [r.lesson, r.read_at])),
    close: () => db.close(),
  };
}

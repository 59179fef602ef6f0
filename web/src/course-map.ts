// Where each lesson sits on the home page's map of the field (AI ⊃ machine learning ⊃ deep
// learning, across the kinds of learning), and the layout of that map as plain numbers for SVG.
// The placements are lesson 01's map of the course (course/01-the-map/map.ts): one source of truth.

import { courseMap, type Paradigm } from '../../course/01-the-map/map.ts';

export type Band = 'ai' | 'ml' | 'dl';
export type Kind = Paradigm;

export const kinds: ReadonlyArray<{ id: Kind; title: string; blurb: string }> = [
  { id: 'supervised', title: 'Supervised', blurb: 'labelled examples → predict the label' },
  { id: 'unsupervised', title: 'Unsupervised', blurb: 'no labels: find structure' },
  { id: 'self-supervised', title: 'Self-supervised', blurb: 'labels made from the data (next word)' },
  { id: 'reinforcement', title: 'Reinforcement', blurb: 'actions, rewards, a feedback loop' },
  { id: 'generative', title: 'Generative', blurb: 'make new samples like the data' },
];

export const bands: Record<Band, { title: string; blurb: string }> = {
  ai: { title: 'Artificial intelligence', blurb: 'machines acting smart: search, logic, rules written by hand (if/else)' },
  ml: { title: 'Machine learning', blurb: 'the rules are learned from data instead of written' },
  dl: { title: 'Deep learning', blurb: 'many-layer neural networks that learn their own features' },
};

/** Built lessons are links; planned ones are drawn dimmed, so the map shows the whole course. */
export interface MapLesson {
  id: string;
  number: number;
  title: string;
  planned?: boolean;
}

const entries = new Map(courseMap.map((e) => [e.id, e]));

/**
 * Where a lesson sits: its outermost circle (a lesson that compares with hand-written rules sits in
 * AI, one that compares with classic ML in machine learning) and its main paradigm, as lesson 01's
 * map gives them. A lesson the map does not know sits with supervised deep learning.
 */
export function placeLesson(id: string): [Band, Kind] {
  const entry = entries.get(id);
  if (!entry) return ['dl', 'supervised'];
  return [entry.circles[0]!.toLowerCase() as Band, entry.paradigms[0]!];
}

/** The short title the map shows for a lesson (lesson 01's), else the lesson's own title. */
export const mapTitle = (lesson: MapLesson): string => entries.get(lesson.id)?.title ?? lesson.title;

/**
 * Every lesson of the course for the map: the built ones as given (with their progress), each
 * planned one from lesson 01's map, marked planned, in lesson-number order.
 */
export function withPlannedLessons<L extends MapLesson>(built: readonly L[]): Array<L | MapLesson> {
  const have = new Set(built.map((l) => l.id));
  const planned = courseMap.filter((e) => !have.has(e.id)).map((e) => ({ id: e.id, number: e.number, title: e.title, planned: true }));
  return [...built, ...planned].sort((a, b) => a.number - b.number);
}

/**
 * The map as nested groups, for screens too narrow to draw it: each band (AI, machine learning, deep
 * learning) with its kinds of learning that have lessons, each with its lessons in number order.
 */
export function mapGroups<L extends MapLesson>(lessons: readonly L[]): Array<{ band: Band; kinds: Array<{ kind: (typeof kinds)[number]; lessons: L[] }> }> {
  const order: Band[] = ['ai', 'ml', 'dl'];
  const sorted = [...lessons].sort((a, b) => a.number - b.number);
  return order.map((band) => ({
    band,
    kinds: kinds
      .map((kind) => ({ kind, lessons: sorted.filter((l) => placeLesson(l.id)[0] === band && placeLesson(l.id)[1] === kind.id) }))
      .filter((k) => k.lessons.length > 0),
  }));
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapLayout<L extends MapLesson> {
  width: number;
  height: number;
  regions: Record<Band, Box>;
  /** Column of each kind, spanning the machine-learning and deep-learning regions. */
  columns: Array<{ kind: (typeof kinds)[number]; x: number; w: number }>;
  /** Heading row of the kinds. */
  kindsY: number;
  pills: Array<{ lesson: L; box: Box }>;
  /** A band's empty column gets a note, not a blank. */
  empty: Array<{ band: Band; x: number; y: number; w: number }>;
}

export const PILL = { w: 176, h: 62, gap: 10 };
const PAD = 18;
const BAND_HEAD = 46;
const KIND_HEAD = 64;
const MIN_COL = 150;
const AI_ONLY_X = 40; // where AI-band lessons start

/** Lays the map out for the given lessons (sorted by number within each cell). */
export function layoutMap<L extends MapLesson>(lessons: readonly L[]): MapLayout<L> {
  const cell = new Map<string, L[]>();
  for (const l of [...lessons].sort((a, b) => a.number - b.number)) {
    const [band, kind] = placeLesson(l.id);
    const key = `${band}/${kind}`;
    cell.set(key, [...(cell.get(key) ?? []), l]);
  }
  const at = (band: Band, kind: Kind) => cell.get(`${band}/${kind}`) ?? [];
  // Pills per row in a column: enough that no column runs much taller than four rows.
  const perRow = kinds.map((k) => Math.min(3, Math.max(1, Math.ceil(Math.max(at('ml', k.id).length, at('dl', k.id).length) / 4))));
  const colW = perRow.map((n) => Math.max(MIN_COL, n * (PILL.w + PILL.gap) + PILL.gap));
  const rowsIn = (band: Band) => Math.max(...kinds.map((k, i) => Math.ceil(at(band, k.id).length / perRow[i]!)));
  const rowH = PILL.h + PILL.gap;

  const aiLessons = kinds.flatMap((k) => at('ai', k.id));
  const aiRows = aiLessons.length ? 1 : 0;
  const mlRows = rowsIn('ml');
  const dlRows = Math.max(1, rowsIn('dl'));

  const colStart = 2 * PAD + PILL.gap;
  const width = Math.max(colStart * 2 + colW.reduce((a, b) => a + b, 0), AI_ONLY_X + aiLessons.length * (PILL.w + PILL.gap) + PAD);
  const aiTop = 0;
  const mlTop = aiTop + BAND_HEAD + aiRows * rowH + PAD / 2;
  const kindsY = mlTop + BAND_HEAD;
  const dlTop = kindsY + KIND_HEAD + mlRows * rowH + (mlRows ? PAD / 2 : 0);
  const dlBottom = dlTop + BAND_HEAD + dlRows * rowH + PAD / 2;
  const height = dlBottom + 2 * PAD;

  const regions: Record<Band, Box> = {
    ai: { x: 1, y: aiTop + 1, w: width - 2, h: height - 2 },
    ml: { x: PAD, y: mlTop, w: width - 2 * PAD, h: height - mlTop - PAD },
    dl: { x: 2 * PAD, y: dlTop, w: width - 4 * PAD, h: dlBottom - dlTop },
  };

  const columns: MapLayout<L>['columns'] = [];
  let x = colStart;
  kinds.forEach((k, i) => {
    columns.push({ kind: k, x, w: colW[i]! });
    x += colW[i]!;
  });

  const pills: MapLayout<L>['pills'] = [];
  const empty: MapLayout<L>['empty'] = [];
  aiLessons.forEach((lesson, i) => pills.push({ lesson, box: { x: AI_ONLY_X + i * (PILL.w + PILL.gap), y: aiTop + BAND_HEAD, w: PILL.w, h: PILL.h } }));
  for (const [band, top] of [['ml', kindsY + KIND_HEAD], ['dl', dlTop + BAND_HEAD]] as const) {
    columns.forEach((c, i) => {
      const list = at(band, c.kind.id);
      if (!list.length && band === 'dl') empty.push({ band, x: c.x, y: top, w: c.w });
      list.forEach((lesson, j) => {
        const n = perRow[i]!;
        const inner = c.w - PILL.gap;
        const w = Math.min(PILL.w, inner / n - PILL.gap);
        pills.push({ lesson, box: { x: c.x + PILL.gap + (j % n) * (w + PILL.gap), y: top + Math.floor(j / n) * rowH, w, h: PILL.h } });
      });
    });
  }
  return { width, height, regions, columns, kindsY, pills, empty };
}

/** Splits a title into at most `lines` lines of about `chars` characters, on word boundaries. */
export function wrapWords(text: string, chars: number, lines = 2): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > chars) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  const last = kept[lines - 1]!;
  kept[lines - 1] = last.length < chars ? `${last}…` : `${last.slice(0, -1)}…`;
  return kept;
}

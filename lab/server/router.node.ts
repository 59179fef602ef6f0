// The lab server's request handler: splits the raw path safely, then dispatches to the API, the
// dataset files or the web app. Any path segment that is '.' or '..' (even percent-encoded) is a 404,
// so no route ever sees a traversal attempt. HEAD is answered wherever GET is (Node drops the body).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { courseGlossary, lessonDetail, listLessons, markLessonRead } from './api-lessons.node.ts';
import { listConcepts, listDueCards, progress, recordReview } from './api-cards.node.ts';
import { createRun, getRun, listRuns } from './api-runs.node.ts';
import { lookUpTerm } from '../glossary.ts';
import { searchCourse, searchable } from '../search.ts';
import type { LabContext } from './context.node.ts';
import { HttpError, JsonReply, consoleLogger, readJsonBody, sendError, sendJson, setCommonHeaders } from './http.node.ts';
import { serveData, serveWeb } from './static.node.ts';

type Params = readonly string[];
interface Route {
  pattern: RegExp;
  GET?: (ctx: LabContext, query: URLSearchParams, params: Params) => unknown;
  POST?: (ctx: LabContext, body: unknown, params: Params) => { status: number; body: unknown };
}

// Matched against the API path after '/api', segments already decoded and joined with '/'.
const apiRoutes: Route[] = [
  { pattern: /^lessons$/, GET: (ctx) => listLessons(ctx) },
  { pattern: /^lessons\/([^/]+)$/, GET: (ctx, _q, [id]) => lessonDetail(ctx, id!) },
  { pattern: /^lessons\/([^/]+)\/read$/, POST: (ctx, body, [id]) => ({ status: 200, body: markLessonRead(ctx, id!, body) }) },
  { pattern: /^runs$/, GET: (ctx, q) => listRuns(ctx, q), POST: (ctx, body) => ({ status: 201, body: createRun(ctx, body) }) },
  { pattern: /^runs\/([^/]+)$/, GET: (ctx, _q, [id]) => getRun(ctx, id!) },
  { pattern: /^cards\/due$/, GET: (ctx, q) => listDueCards(ctx, q) },
  { pattern: /^reviews$/, POST: (ctx, body) => ({ status: 200, body: recordReview(ctx, body) }) },
  { pattern: /^progress$/, GET: (ctx) => progress(ctx) },
  { pattern: /^concepts$/, GET: (ctx) => listConcepts(ctx) },
  // ?q= narrows to one term, or the terms containing the query (an empty list when none match).
  { pattern: /^glossary$/, GET: (ctx, q) => (q.has('q') ? lookUpTerm(courseGlossary(ctx), q.get('q')!) : courseGlossary(ctx)) },
  { pattern: /^search$/, GET: (ctx, q) => searchCourse(ctx.lessons.map(searchable), searchQuery(q)) },
];

/** The ?q= of a search: required, at most 200 characters. */
function searchQuery(q: URLSearchParams): string {
  const text = q.get('q');
  if (text === null || !text.trim()) throw new HttpError(400, "search: give the words to find as ?q= (e.g. /api/search?q=dead+relu)");
  if (text.length > 200) throw new HttpError(400, `search: q is ${text.length} characters; at most 200`);
  return text;
}

/** Decoded path segments, or null if the path is malformed or tries to leave its folder. */
function pathSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '.' || seg === '..' || /[/\\\0]/.test(seg)) return null;
    segments.push(seg);
  }
  return segments;
}

async function handleApi(ctx: LabContext, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  for (const route of apiRoutes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const allow = [route.GET && 'GET, HEAD', route.POST && 'POST'].filter(Boolean).join(', ');
    if ((req.method === 'GET' || req.method === 'HEAD') && route.GET) {
      const out = route.GET(ctx, query, m.slice(1));
      if (out instanceof JsonReply) sendJson(res, 200, out.body, out.headers);
      else sendJson(res, 200, out);
    } else if (req.method === 'POST' && route.POST) {
      const body = await readJsonBody(req);
      const out = route.POST(ctx, body, m.slice(1));
      sendJson(res, out.status, out.body);
    } else {
      req.resume();
      throw new HttpError(405, `method ${req.method} is not allowed on /api/${path} (allowed: ${allow})`, { Allow: allow });
    }
    return;
  }
  throw new HttpError(404, `no API route /api/${path}`);
}

export function createHandler(ctx: LabContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    setCommonHeaders(res);
    handle(ctx, req, res).catch((err) => sendError(res, err, ctx.log ?? consoleLogger));
  };
}

// The server listens on loopback only, but a web page could still reach it through DNS rebinding
// (evil.example resolving to 127.0.0.1); such requests carry the foreign name in Host.
const loopbackHost = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

async function handle(ctx: LabContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!loopbackHost.test(req.headers.host ?? '')) {
    req.resume();
    throw new HttpError(403, `requests must address the lab by a loopback name (127.0.0.1 or localhost), not '${req.headers.host ?? ''}'`);
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const segments = rawPath.startsWith('/') ? pathSegments(rawPath) : null;
  if (!segments) throw new HttpError(404, `no such path '${rawPath.slice(0, 200)}'`);

  if (segments[0] === 'api') return handleApi(ctx, req, res, segments.slice(1).join('/'), query);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    req.resume();
    throw new HttpError(405, `method ${req.method} is not allowed here (allowed: GET, HEAD)`, { Allow: 'GET, HEAD' });
  }
  if (segments[0] === 'data') return serveData(req, res, segments.slice(1).join('/'), query);
  return serveWeb(req, res, ctx.webRoot, segments);
}

// The lab's HTTP server: the JSON API the web app and CLI use, the dataset files, and the built web
// app, on 127.0.0.1 only. Lessons are read from the course once, at start.

import { loadLessons, type Lesson } from './lessons.node.ts';
import { serve, type RunningServer, type ServeOptions } from './server/listen.node.ts';

export type { RunningServer, ServeOptions } from './server/listen.node.ts';

export function startServer(opts: ServeOptions & { lessons?: readonly Lesson[] } = {}): Promise<RunningServer> {
  return serve(opts.lessons ?? loadLessons(), opts);
}

// Names people read instead of ids: a lesson's title (from the lab's lesson list, or lesson 01's map
// for a lesson not written yet) and an experiment's title.

import { api, type LessonSummary } from './api.ts';
import { courseMap } from '../../course/01-the-map/map.ts';

class Titles {
  #lessons = $state.raw<LessonSummary[] | null>(null);
  #loading = false;

  #load(): void {
    if (this.#loading) return;
    this.#loading = true;
    // A failure leaves ids on screen, which still work as links; no alert for a cosmetic lookup.
    api.lessons().then((l) => (this.#lessons = l), () => (this.#loading = false));
  }

  /** The lesson's title; its id until the list has loaded (or if no lesson has that id). */
  lesson(id: string): string {
    this.#load();
    return this.#lessons?.find((l) => l.id === id)?.title ?? courseMap.find((e) => e.id === id)?.title ?? id;
  }

  /** The experiment's title within its lesson, or its id. */
  experiment(lessonId: string, experimentId: string): string {
    this.#load();
    return this.#lessons?.find((l) => l.id === lessonId)?.experiments.find((e) => e.id === experimentId)?.title ?? experimentId;
  }
}

export const titles = new Titles();

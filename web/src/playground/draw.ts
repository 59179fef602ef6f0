// Drawing the playground's frames on canvases: the prediction over the square (two classes by
// P(class 1), several by the likeliest class and how sure, a regression by the value's sign and
// size), the training and test points on it, and each hidden unit's thumbnail. Colours come from the
// stylesheet, so the dark theme has its own. Browser only (canvas, CSS).

import { cssVar } from '../theme.svelte.ts';
import type { PlaygroundReply } from './protocol.ts';
import { EXTENT } from './datasets.ts';

type Frame = Extract<PlaygroundReply, { type: 'frame' }>;
type PointsReply = Extract<PlaygroundReply, { type: 'points' }>;
type RGB = [number, number, number];

// A 2-D context normalizes any CSS colour (the built stylesheet shortens #ffffff to #fff) to #rrggbb.
let probe: CanvasRenderingContext2D | null = null;
function rgb(name: string): RGB {
  probe ??= document.createElement('canvas').getContext('2d')!;
  probe.fillStyle = '#000';
  probe.fillStyle = cssVar(name) || '#000';
  const hex = String(probe.fillStyle).replace('#', '');
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) || 0) as RGB;
}

export interface Palette {
  paper: RGB;
  classes: RGB[];
}

export const palette = (): Palette => ({ paper: rgb('--paper'), classes: [0, 1, 2, 3].map((k) => rgb(`--pg-class${k}`)) });

const mix = (a: readonly number[], b: readonly number[], t: number): RGB => a.map((x, i) => x + (b[i]! - x) * t) as RGB;
const css = (c: readonly number[]): string => `rgb(${c.map(Math.round).join(',')})`;

/** Fills a canvas from a res × res grid (row 0 at the top), one colour per cell, scaled up. */
function paint(cv: HTMLCanvasElement, res: number, colour: (k: number) => RGB): void {
  const img = new ImageData(res, res);
  for (let k = 0; k < res * res; k++) img.data.set([...colour(k), 255], 4 * k);
  const small = new OffscreenCanvas(res, res);
  small.getContext('2d')!.putImageData(img, 0, 0);
  const ctx = cv.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, cv.width, cv.height);
}

/** The colour of a regression value: toward class 1's colour above 0, class 0's below, full at |v| ≥ 1. */
const valueColour = (p: Palette, v: number, strength: number): RGB => mix(p.paper, p.classes[v > 0 ? 1 : 0]!, Math.min(1, Math.abs(v)) * strength);

export function drawBoundary(cv: HTMLCanvasElement, f: Frame, points: PointsReply | null, p: Palette): void {
  const b = f.boundary, k = f.outputs;
  paint(cv, f.res, (cell) => {
    if (f.task === 'regression') return valueColour(p, b[cell]!, 0.75);
    if (f.task === 'binary') return mix(p.paper, p.classes[b[cell]! > 0.5 ? 1 : 0]!, Math.min(1, Math.abs(b[cell]! - 0.5) * 2) * 0.75);
    let best = 0;
    for (let c = 1; c < k; c++) if (b[cell * k + c]! > b[cell * k + best]!) best = c;
    // Sureness from 1/k (a coin toss among k) to 1.
    return mix(p.paper, p.classes[best]!, Math.max(0, (b[cell * k + best]! - 1 / k) / (1 - 1 / k)) * 0.75);
  });
  if (!points) return;
  const ctx = cv.getContext('2d')!;
  const size = cv.width;
  const at = (v: number) => ((v + EXTENT) / (2 * EXTENT)) * size;
  const dots = (xy: Float32Array, labels: Float32Array, test: boolean) => {
    for (let i = 0; i < labels.length; i++) {
      const col = points.task === 'regression' ? valueColour(p, labels[i]!, 1) : p.classes[labels[i]!] ?? p.classes[0]!;
      ctx.beginPath();
      ctx.arc(at(xy[2 * i]!), size - at(xy[2 * i + 1]!), 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = css(test ? p.paper : col);
      ctx.fill();
      ctx.lineWidth = test ? 2 : 1;
      ctx.strokeStyle = css(test ? col : p.paper);
      ctx.stroke();
    }
  };
  dots(points.trainXy, points.trainLabels, false);
  dots(points.testXy, points.testLabels, true);
}

/** Unit thumbnails: class 1's colour above 0, class 0's below, scaled by each unit's own largest |value|. */
export function drawNeurons(box: HTMLElement, f: Frame, p: Palette): void {
  box.querySelectorAll('canvas').forEach((cv) => {
    const g = f.neurons[Number(cv.dataset.layer)]?.[Number(cv.dataset.unit)];
    if (!g) return;
    let max = 1e-6;
    for (const v of g) max = Math.max(max, Math.abs(v));
    paint(cv, f.neuronRes, (k) => mix(p.paper, p.classes[g[k]! > 0 ? 1 : 0]!, Math.abs(g[k]!) / max));
  });
}

/** The point of the square under a click on the canvas, clamped to [−1, 1]². */
export function pointAt(cv: HTMLCanvasElement, clientX: number, clientY: number): [number, number] {
  const r = cv.getBoundingClientRect();
  const clamp = (v: number) => Math.max(-1, Math.min(1, v));
  return [clamp(((clientX - r.left) / r.width) * 2 * EXTENT - EXTENT), clamp(EXTENT - ((clientY - r.top) / r.height) * 2 * EXTENT)];
}

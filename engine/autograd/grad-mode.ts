// Grad mode and anomaly mode: process-wide switches that apply() and backward() consult.

let gradEnabled = true;
let anomalyEnabled = false;

export const isGradEnabled = (): boolean => gradEnabled;
export const isAnomalyEnabled = (): boolean => anomalyEnabled;

function withFlag<T>(set: (on: boolean) => void, get: () => boolean, on: boolean, fn: () => T): T {
  const before = get();
  set(on);
  try {
    return fn();
  } finally {
    set(before);
  }
}

/** Runs fn without recording the graph (inference, optimizer updates), like torch.no_grad(). */
export const noGrad = <T>(fn: () => T): T => withFlag((on) => (gradEnabled = on), isGradEnabled, false, fn);

/** Runs fn with recording on, even inside noGrad. */
export const enableGrad = <T>(fn: () => T): T => withFlag((on) => (gradEnabled = on), isGradEnabled, true, fn);

export function setGradEnabled(on: boolean): void {
  gradEnabled = on;
}

/**
 * Runs fn with every op's forward result and every gradient checked for NaN/Inf; the first one
 * found throws an AnomalyError that names the op (and whether forward or backward produced it).
 */
export const detectAnomaly = <T>(fn: () => T): T => withFlag((on) => (anomalyEnabled = on), isAnomalyEnabled, true, fn);

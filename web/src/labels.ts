// Metric keys as the words a chart title or table header shows.

/** A metric key as words: "testAccuracy" → "test accuracy", "ce.stepsTo90" → "ce · steps to 90". */
export function metricLabel(key: string): string {
  return key
    .split('.')
    .map((part) => part.replace(/([a-z])([A-Z0-9])/g, '$1 $2').replace(/([0-9])([A-Za-z])/g, '$1 $2').replace(/\b([A-Z])([a-z])/g, (_, a: string, b: string) => a.toLowerCase() + b))
    .join(' · ');
}

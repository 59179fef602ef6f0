// Series styles: the Okabe–Ito colours (distinguishable with colour-blindness) paired with dash
// patterns, so two lines differ in more than colour.

// The seventh, black, is drawn in the page's ink colour so that it stays visible on a dark page.
const colours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', 'var(--series-ink)'];
const dashes: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 5], [12, 6]];
const dashWords = ['solid', 'dashed', 'dotted', 'dash-dot', 'short dashes', 'sparse dots', 'long dashes'];

export interface SeriesStyle {
  colour: string;
  dash: number[];
  /** The line style in words, for legends read without colour. */
  dashWord: string;
}

export function seriesStyle(i: number): SeriesStyle {
  // Colour and dash cycle at coprime lengths (7 and 7 shifted), so pairs repeat late.
  const c = i % colours.length;
  const d = (i + Math.floor(i / colours.length)) % dashes.length;
  return { colour: colours[c]!, dash: dashes[d]!, dashWord: dashWords[d]! };
}

/**
 * Styles for one chart's series. Where every name reads "<run> · <series>" for two runs or more (runs
 * overlaid), each series keeps one colour across the runs and each run one dash, so the eye pairs a
 * series with itself in another run; with more series than colours that cannot hold, and the styles
 * simply cycle as for any chart.
 */
export function chartStyles(names: readonly string[]): SeriesStyle[] {
  const cycled = () => names.map((_, i) => seriesStyle(i));
  const parts = names.map((n) => {
    const at = n.indexOf(' · ');
    return at > 0 ? { run: n.slice(0, at), series: n.slice(at + 3) } : null;
  });
  if (parts.some((p) => p === null)) return cycled();
  const runs = [...new Set(parts.map((p) => p!.run))];
  const series = [...new Set(parts.map((p) => p!.series))];
  if (runs.length < 2 || runs.length > dashes.length || series.length > colours.length) return cycled();
  return parts.map((p) => {
    const d = runs.indexOf(p!.run);
    return { colour: colours[series.indexOf(p!.series)]!, dash: dashes[d]!, dashWord: dashWords[d]! };
  });
}

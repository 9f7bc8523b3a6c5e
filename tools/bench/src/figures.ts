/**
 * How every benchmark reports: one line per figure, `<benchmark> key=value key=value …`, so that a run can be
 * read by people, grepped, and pasted into docs/performance.md as it is. Values are formatted here, once, so
 * that the same quantity always reads the same way (`1.23e6/s`, `512B`, `812ms`, `1.12x`).
 */

/** A field value: a number is printed as it is, a string as it is (already formatted). */
export type FigureValue = string | number | boolean;

/** One figure line: the benchmark's name, then `key=value` pairs in the order given. */
export function figureLine(benchmark: string, fields: Readonly<Record<string, FigureValue>>): string {
  const parts = [benchmark];
  for (const [key, value] of Object.entries(fields)) {
    const text = String(value);
    // A value with a space would split into two fields for anyone parsing the line.
    parts.push(`${key}=${/\s/.test(text) ? JSON.stringify(text) : text}`);
  }
  return parts.join(' ');
}

/** Prints one figure line on stdout (the only thing a benchmark prints there). */
export function printFigure(benchmark: string, fields: Readonly<Record<string, FigureValue>>): void {
  process.stdout.write(`${figureLine(benchmark, fields)}\n`);
}

/** Prints a note for people on stderr: progress and explanations never mix with the figures. */
export function note(text: string): void {
  process.stderr.write(`# ${text}\n`);
}

/** A rate per second in three significant digits of scientific notation: `1.23e6/s`. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return `${perSecond}/s`;
  const [mantissa, exponent] = perSecond.toExponential(2).split('e');
  return `${mantissa}e${Number(exponent)}/s`;
}

/** Bytes, rounded to whole bytes: `512B`. */
export function formatBytes(bytes: number): string {
  return `${Math.round(bytes)}B`;
}

/** Milliseconds, rounded to whole milliseconds below 10 s (`812ms`), seconds with two decimals above (`12.34s`). */
export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

/** A ratio with two decimals: `1.12x`. */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}

import { styleText } from 'node:util';
import { isTerminal } from '../cli-io.js';

/** Colour functions; each returns its text unchanged when colour is off. */
export interface Palette {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/**
 * Colour only for a person at a terminal: never into a pipe or a file, never with `--no-color`, a
 * non-empty `NO_COLOR` (https://no-color.org) or `TERM=dumb`.
 */
export function colorEnabled(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag || (env['NO_COLOR'] ?? '') !== '' || env['TERM'] === 'dumb') return false;
  return isTerminal(stream);
}

/** A palette over `node:util` styleText (no dependency), or the identity when `enabled` is false. */
export function createPalette(enabled: boolean): Palette {
  const style = (format: Parameters<typeof styleText>[0]) => (text: string) => (enabled ? styleText(format, text) : text);
  return {
    enabled,
    bold: style('bold'),
    dim: style('dim'),
    red: style('red'),
    green: style('green'),
    yellow: style('yellow'),
    cyan: style('cyan'),
  };
}

/** The markers the report lines carry, and the colour each gets. */
const LINE_COLOURS: ReadonlyArray<readonly [RegExp, keyof Omit<Palette, 'enabled'>]> = [
  [/❌|FAILED|UNREADABLE/, 'red'],
  [/✅|CLOSED SUCCESSFULLY/, 'green'],
  [/⚠️|WOULD_CANCEL|WOULD CLOSE|NOT_CANCELLED|Position cap exceeded/, 'yellow'],
  [/FINAL SUMMARY|FORCED CLEANUP TRIGGERED|^[🏢👤] |^={10,}|^ANALYSIS/u, 'bold'],
  [/^\s+\[(UNPRICED|STUCK|PROTECTED|OPEN_ORDERS|ACCOUNT_UNREADABLE)\]/, 'dim'],
];

/** Colours one report line by what it says (a no-op without colour). */
export function highlightLine(line: string, palette: Palette): string {
  if (!palette.enabled) return line;
  for (const [pattern, colour] of LINE_COLOURS) {
    if (pattern.test(line)) return palette[colour](line);
  }
  return line;
}

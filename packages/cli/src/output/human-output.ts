import type { CliIo } from '../cli-io.js';
import type { ProgressReporter } from '../progress/progress-reporter.js';
import { colorEnabled, createPalette, highlightLine, type Palette } from './palette.js';

/** Where the text for people goes, and how. */
export interface HumanOutput {
  /** stdout, or stderr when stdout carries the JSON document. */
  readonly stream: NodeJS.WritableStream;
  readonly palette: Palette;
  /** Writes lines (coloured by what they say, when colour is on), above any live progress display. */
  say(lines: readonly string[]): void;
}

/** The human output of a command that may show progress. */
export function createHumanOutput(io: CliIo, options: { json: boolean; noColor: boolean }, progress?: ProgressReporter): HumanOutput {
  const stream = options.json ? io.stderr : io.stdout;
  const palette = createPalette(colorEnabled(stream, io.env, options.noColor));
  return {
    stream,
    palette,
    say(lines) {
      const text = lines.map((line) => highlightLine(line, palette)).join('\n') + '\n';
      if (progress) progress.write(stream, text);
      else stream.write(text);
    },
  };
}

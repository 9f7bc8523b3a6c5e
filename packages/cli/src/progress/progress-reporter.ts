import type { CleanupEvent } from '@forced-cleanup/contract';
import { columnsOf, isTerminal, type CliIo } from '../cli-io.js';
import { colorEnabled, createPalette } from '../output/palette.js';
import { plainProgressLines } from './plain-progress-lines.js';
import { applyProgressEvent, initialProgressState, startExecution, type ProgressState } from './progress-state.js';
import { renderProgressFrame } from './render-progress-frame.js';

/** Shows the progress of a run, and lets other output through without tearing the display. */
export interface ProgressReporter {
  /** Feeds one engine event (pass as `CleanupOptions.onEvent`). */
  onEvent(event: CleanupEvent): void;
  /** The run moves from planning to executing (the engine has no event for it). */
  executing(): void;
  /** Takes the live display off the screen before other output, e.g. the plan and the prompt. */
  pause(): void;
  /** Brings it back. */
  resume(): void;
  /** Writes text to a stream; on the display's own stream, above the display. */
  write(stream: NodeJS.WritableStream, text: string): void;
  /** Removes the display for good (idempotent). */
  stop(): void;
  /** `live`, `plain` or `none`: what was chosen, for tests and `--verbose`. */
  readonly kind: 'live' | 'plain' | 'none';
}

/** What decides the display. */
export interface ProgressOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly noColor: boolean;
}

/**
 * Chooses the display: none with `--quiet`; otherwise on stdout when it is a terminal and carries no JSON,
 * else on stderr; there, a live per-account display when that stream is a terminal (log-update, imported
 * only then), plain `[progress]` lines when it is not.
 */
export async function createProgressReporter(io: CliIo, options: ProgressOptions): Promise<ProgressReporter> {
  const state = initialProgressState();
  if (options.quiet) return passThrough(state, 'none', () => []);
  const stream = isTerminal(io.stdout) && !options.json ? io.stdout : io.stderr;
  if (isTerminal(stream) && io.env['TERM'] !== 'dumb') {
    const { createLogUpdate } = await import('log-update');
    return liveReporter(state, stream, createLogUpdate(stream, { showCursor: true }), colorEnabled(stream, io.env, options.noColor), options.verbose);
  }
  return passThrough(state, 'plain', (event) => plainProgressLines(event, state, { milestones: true, details: options.verbose }), stream);
}

function passThrough(
  state: ProgressState,
  kind: 'plain' | 'none',
  linesOf: (event: CleanupEvent) => string[],
  progressStream?: NodeJS.WritableStream,
): ProgressReporter {
  return {
    kind,
    onEvent(event) {
      applyProgressEvent(state, event);
      const lines = linesOf(event);
      if (progressStream && lines.length > 0) progressStream.write(lines.join('\n') + '\n');
    },
    executing: () => startExecution(state),
    pause() {},
    resume() {},
    write: (stream, text) => void stream.write(text),
    stop() {},
  };
}

interface LogUpdate {
  (...text: string[]): void;
  clear(): void;
  done(): void;
}

function liveReporter(state: ProgressState, stream: NodeJS.WritableStream, log: LogUpdate, colour: boolean, verbose: boolean): ProgressReporter {
  const palette = createPalette(colour);
  let tick = 0;
  let visible = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const render = () => {
    if (!visible || stopped) return;
    log(renderProgressFrame(state, tick, palette, columnsOf(stream)));
  };
  const show = () => {
    if (stopped || visible) return;
    visible = true;
    // The spinner turns between events; unref'd so that it never keeps the process alive.
    timer = setInterval(() => {
      tick++;
      render();
    }, 100);
    timer.unref();
    render();
  };
  const hide = () => {
    if (!visible) return;
    visible = false;
    clearInterval(timer);
    log.clear();
  };
  const reporter: ProgressReporter = {
    kind: 'live',
    onEvent(event) {
      applyProgressEvent(state, event);
      if (event.type === 'run_started') show();
      if (verbose) {
        const lines = plainProgressLines(event, state, { milestones: false, details: true });
        if (lines.length > 0) reporter.write(stream, lines.join('\n') + '\n');
      }
      render();
    },
    executing() {
      startExecution(state);
      show();
    },
    pause: hide,
    resume: show,
    write(target, text) {
      if (target !== stream || !visible) {
        target.write(text);
        return;
      }
      log.clear();
      target.write(text);
      render();
    },
    stop() {
      hide();
      stopped = true;
    },
  };
  return reporter;
}

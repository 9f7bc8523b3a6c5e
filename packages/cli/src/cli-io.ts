/** The streams and surroundings of one CLI invocation (the process's, or a test's). */
export interface CliIo {
  /** Results: the report, the analysis, the JSON document. A terminal when `isTTY` is true. */
  readonly stdout: NodeJS.WritableStream;
  /** Errors, and progress when stdout is not a terminal or carries JSON. */
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  /** Whether stdin is a terminal a person can answer the prompt on. */
  readonly interactive: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Whether a stream is a terminal (a process stream with `isTTY`; never a test's PassThrough). */
export function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** The terminal's width, 80 when unknown. */
export function columnsOf(stream: NodeJS.WritableStream): number {
  const columns = (stream as { columns?: number }).columns;
  return typeof columns === 'number' && columns > 0 ? columns : 80;
}

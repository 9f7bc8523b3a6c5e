import { spawn, spawnSync } from 'node:child_process';
import { BIN, freshDir } from './run-cli.js';

/** Output of one CLI process run in a pseudo-terminal. */
export interface TerminalResult {
  readonly status: number | null;
  /** Everything the terminal received, escape sequences included. */
  readonly raw: string;
  /** The same without escape sequences and carriage returns: what a person reads. */
  readonly text: string;
}

/**
 * Whether util-linux `script` is here. It is part of Debian's essential packages (bsdutils), so every
 * machine this project runs on has it; it gives a real pseudo-terminal without a native Node module.
 */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the real CLI in a pseudo-terminal (`script -qfec`), 100 columns wide. When the prompt appears and
 * `answer` is given, types it and Enter, as a person would.
 */
export function runInTerminal(args: string[], options: { answer?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<TerminalResult> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('FORCED_CLEANUP_') && key !== 'NO_COLOR'));
  const command = `stty cols 100 rows 40; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: options.cwd ?? freshDir(),
    env: { ...inherited, TERM: 'xterm-256color', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  let answered = false;
  child.stdout.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    if (options.answer !== undefined && !answered && raw.includes('Continue? (yes/no)')) {
      answered = true;
      child.stdin.write(`${options.answer}\r`);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve) => {
    child.on('close', (status) => {
      clearTimeout(timer);
      child.stdin.end();
      // eslint-disable-next-line no-control-regex
      const text = raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
      resolve({ status, raw, text });
    });
  });
}

import { createInterface } from 'node:readline/promises';

/** Asks `Continue? (yes/no)` on the terminal; only `yes` or `y` (any case) continues. */
export async function confirmOnTerminal(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<boolean> {
  const readline = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
  try {
    const answer = await readline.question('Continue? (yes/no) ');
    return ['yes', 'y'].includes(answer.trim().toLowerCase());
  } finally {
    readline.close();
  }
}

import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { countFills, freshDir, runCli } from './run-cli.js';

function collect() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

async function runWithAnswer(answer: string, state: string) {
  const stdout = collect();
  const stderr = collect();
  const code = await main(['--demo', '--state', state], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from([`${answer}\n`]),
    interactive: true,
    env: {},
    cwd: state,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('confirmation', () => {
  it('without a terminal and without --yes or --dry-run: shows the plan, refuses (exit 2), trades nothing', () => {
    const state = freshDir();
    const result = runCli(['--demo', '--state', state]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('[DUST][FORCED] SHIB-USD');
    expect(result.stderr).toContain('NoTerminal');
    expect(countFills(state)).toBe(0);
  });

  it('"yes" at the prompt executes', async () => {
    const state = freshDir();
    const result = await runWithAnswer('yes', state);
    expect(result.stdout).toContain('Continue? (yes/no)');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CLOSED SUCCESSFULLY');
    expect(countFills(state)).toBe(60);
  });

  it.each(['no', 'maybe', ''])('%j at the prompt declines: exit 0, nothing traded', async (answer) => {
    const state = freshDir();
    const result = await runWithAnswer(answer, state);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Declined: nothing was traded.');
    expect(countFills(state)).toBe(0);
  });
});

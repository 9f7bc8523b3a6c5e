import { stripVTControlCharacters } from 'node:util';
import type { Palette } from '../output/palette.js';
import type { AccountProgress, ProgressState } from './progress-state.js';

/** The spinner's frames (one per 100 ms). */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/**
 * One frame of the live display: a title line, then one line per account (reading, read, executing k/n,
 * done), each cut to the terminal's width so that a redraw never wraps.
 */
export function renderProgressFrame(state: ProgressState, tick: number, palette: Palette, columns: number): string {
  const spinner = SPINNER_FRAMES[tick % SPINNER_FRAMES.length]!;
  const accounts = [...state.accounts.values()];
  const width = Math.min(32, Math.max(12, ...accounts.map((entry) => entry.accountId.length)));
  const lines = [palette.bold(title(state, accounts))];
  for (const entry of accounts) {
    const [mark, text] = describe(entry, state, spinner, palette);
    lines.push(fit(`  ${mark} ${entry.accountId.padEnd(width)}  ${text}`, columns));
  }
  return lines.join('\n');
}

function title(state: ProgressState, accounts: AccountProgress[]): string {
  const read = accounts.filter((entry) => entry.state !== 'waiting' && entry.state !== 'reading').length;
  switch (state.phase) {
    case 'starting':
    case 'reading':
      return `Reading ${accounts.length} account${accounts.length === 1 ? '' : 's'}… ${read}/${accounts.length}`;
    case 'planned':
      return `Planned ${state.totalActions} close${state.totalActions === 1 ? '' : 's'}`;
    case 'executing':
      return `Executing ${state.endedActions}/${state.totalActions}`;
    case 'reconciling':
      return `Executed ${state.endedActions}/${state.totalActions} · re-reading the accounts to reconcile…`;
    case 'done':
      return `Done: ${state.endedActions}/${state.totalActions}`;
  }
}

function describe(entry: AccountProgress, state: ProgressState, spinner: string, palette: Palette): [string, string] {
  const counts = `${entry.positions} position${entry.positions === 1 ? '' : 's'}, ${entry.openOrders} open order${entry.openOrders === 1 ? '' : 's'}`;
  const tally = `${entry.ended}/${entry.total}${entry.failed ? palette.red(` · ${entry.failed} failed`) : ''}${entry.skipped ? ` · ${entry.skipped} skipped` : ''}`;
  switch (entry.state) {
    case 'waiting':
      return [palette.dim('·'), palette.dim('waiting')];
    case 'reading':
      return [palette.cyan(spinner), 'reading…'];
    case 'unreadable':
      return [palette.red('✗'), palette.red(`unreadable (${entry.error ?? 'unknown'})`)];
    case 'read':
      return [palette.green('✓'), state.phase === 'reading' ? `read · ${counts}` : `${counts} · ${plural(entry.total, 'close')} planned`];
    case 'executing':
      return [palette.cyan(spinner), `executing ${tally}${entry.activity ? palette.dim(` · ${entry.activity}`) : ''}`];
    case 'done':
      return entry.total === 0 ? [palette.green('✓'), 'nothing to close'] : [entry.failed ? palette.red('✗') : palette.green('✓'), `done ${tally}`];
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Cuts a line to the terminal's width, so that a redraw never wraps (a cut line loses its colours). */
function fit(line: string, columns: number): string {
  const plain = stripVTControlCharacters(line);
  return plain.length < columns ? line : `${plain.slice(0, Math.max(1, columns - 2))}…`;
}

import type { AccountConfig, CleanupEvent, Plan } from '@forced-cleanup/contract';
import { describe, expect, it } from 'vitest';
import { selectAccounts } from '../src/account-selection.js';
import { bandOf } from '../src/analysis/build-analysis.js';
import { parseBands } from '../src/command-line/parse-values.js';
import { createPalette } from '../src/output/palette.js';
import { plainProgressLines } from '../src/progress/plain-progress-lines.js';
import { applyProgressEvent, initialProgressState, startExecution } from '../src/progress/progress-state.js';
import { renderProgressFrame } from '../src/progress/render-progress-frame.js';
import { bar } from '../src/render/bar-chart.js';

const account = (id: string, owner: string) => ({ id, owner, broker: 'paper' }) as AccountConfig;
const action = (accountId: string, asset: string) => ({ id: `${accountId}:${asset}`, accountId, asset, symbol: `${asset}-USD`, kind: 'sell', reason: 'dust', quantity: 1, ordersToCancel: [] });

describe('the parts of the display', () => {
  it('bands: sorted from the highest bound, named or named after their bound; duplicates refused', () => {
    expect(parseBands('small=1,large=20,medium=5').map((band) => band.name)).toEqual(['large', 'medium', 'small']);
    expect(parseBands('5,1')).toEqual([{ name: '≥5', minUsd: 5 }, { name: '≥1', minUsd: 1 }]);
    expect(() => parseBands('a=1,a=2')).toThrow(/own name/);
    expect(() => parseBands('big=lots')).toThrow(/--bands/);
    const bands = parseBands('winning=5,small=1');
    expect([bandOf(5, bands), bandOf(4.99, bands), bandOf(1, bands), bandOf(0.7, bands)]).toEqual(['winning', 'small', 'small', 'minor']);
  });

  it('bars: proportional, a sliver for any value above zero, nothing for none', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(0.001, 10, 4)).toBe('▏');
    expect(bar(0, 10, 4)).toBe('');
  });

  it('account selection: a partly selected owner is reported with its counts', () => {
    const all = [account('p', 'platform'), account('u1', 'user:u'), account('u2', 'user:u')];
    expect(selectAccounts(all, ['user:u'], []).partialOwners.size).toBe(0);
    const partial = selectAccounts(all, [], ['u2', 'p']);
    expect(partial.accounts.map((entry) => entry.id)).toEqual(['p', 'u2']);
    expect([...partial.partialOwners]).toEqual([['user:u', { selected: 1, total: 2 }]]);
    expect(partial.description).toBe('--account u2 --account p');
  });

  it('progress: events fold into per-account states that the frame and the plain lines show', () => {
    const state = initialProgressState();
    const plan = { actions: [action('a', 'X'), action('a', 'Y'), action('b', 'Z')] } as unknown as Plan;
    const events = [
      { type: 'run_started', runId: 'r', dryRun: false, startup: true, mode: 'conservative', accountIds: ['a', 'b'] },
      { type: 'account_reading', accountId: 'a' },
      { type: 'account_read', accountId: 'a', owner: 'platform', positions: 3, openOrders: 1 },
      { type: 'account_unreadable', accountId: 'b', owner: 'platform', error: { code: 'network', message: 'down', retryable: true } },
      { type: 'plan_made', plan },
    ] as CleanupEvent[];
    const lines = events.flatMap((event) => {
      applyProgressEvent(state, event);
      return plainProgressLines(event, state, { milestones: true, details: false });
    });
    expect(lines).toEqual([
      '[progress] reading 2 accounts',
      '[progress] a: read, 3 positions, 1 open orders',
      '[progress] b: UNREADABLE (network): down',
      '[progress] planned 3 closes (3 dust, 0 cap), 0 open orders to cancel',
    ]);
    startExecution(state);
    applyProgressEvent(state, { type: 'position_closed', action: action('a', 'X') } as unknown as CleanupEvent);
    const frame = renderProgressFrame(state, 0, createPalette(false), 80);
    expect(frame.split('\n')).toEqual(['Executing 1/3', '  ⠋ a             executing 1/2', '  ✗ b             unreadable (network: down)']);
  });
});

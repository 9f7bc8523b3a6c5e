import { describe, expect, it } from 'vitest';
import { PortfolioSnapshotSchema } from '@forced-cleanup/contract';
import { planCleanup, resolveOpenOrderPolicy } from '@forced-cleanup/core';
import { ISSUE_SHAPE, syntheticPortfolio } from '../src/synthetic-portfolio.js';

const conservative = resolveOpenOrderPolicy({ cancelOpenOrders: false, startupOnly: false, cancelConditions: null });

describe('synthetic portfolios', () => {
  it('has owners × positionsPerOwner positions, spread over each owner\'s accounts, and fits the contract', () => {
    const portfolio = syntheticPortfolio({ ...ISSUE_SHAPE, owners: 40 });
    expect(portfolio.positions).toBe(2_000);
    expect(portfolio.snapshot.accounts).toHaveLength(80);
    const held = portfolio.snapshot.accounts.reduce((sum, account) => sum + (account.readable ? account.holdings.length : 0), 0);
    expect(held).toBe(2_000);
    expect(PortfolioSnapshotSchema.safeParse(portfolio.snapshot).success).toBe(true);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = syntheticPortfolio({ ...ISSUE_SHAPE, owners: 5 });
    const b = syntheticPortfolio({ ...ISSUE_SHAPE, owners: 5 });
    const c = syntheticPortfolio({ ...ISSUE_SHAPE, owners: 5, seed: 9 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('gives about a tenth of the positions open orders', () => {
    const portfolio = syntheticPortfolio({ ...ISSUE_SHAPE, owners: 200 });
    let withOrders = 0;
    for (const account of portfolio.snapshot.accounts) {
      if (!account.readable) continue;
      const bases = new Set(account.openOrders.map((order) => order.base));
      withOrders += account.holdings.filter((holding) => bases.has(holding.asset)).length;
    }
    expect(withOrders / portfolio.positions).toBeGreaterThan(0.08);
    expect(withOrders / portfolio.positions).toBeLessThan(0.12);
  });

  it('is classified by the planner exactly as generated (one account per owner: no asset is shared)', () => {
    const portfolio = syntheticPortfolio({ ...ISSUE_SHAPE, owners: 100, accountsPerOwner: 1 });
    const plan = planCleanup(portfolio.snapshot, portfolio.settings, conservative, { startup: true });
    const byCategory: Record<string, number> = { dust: 0, counted: 0, unpriced: 0, stuck: 0, protected: 0 };
    for (const position of plan.positions) byCategory[position.category]!++;
    expect(byCategory).toEqual(portfolio.kinds);
    // Most owners hold more counted positions than their cap: the cap closes are a real part of the work.
    expect(plan.actions.filter((action) => action.reason === 'cap').length).toBeGreaterThan(portfolio.positions / 4);
  });
});

import type { CleanupConfigInput } from '@forced-cleanup/contract';

/**
 * The built-in demo (`--demo`): the seed's scenarios on the paper broker.
 * - platform_coinbase: 59 positions, 45 dust and 14 worth more; cap 8 → 45 dust closes, 6 cap closes
 *   (ATOM-USD $3.20 among them), 8 left.
 * - user_123: 5 positions on Coinbase + 4 on Kraken, none dust → the cap closes BTC-USD $5.00 (+2.50%, WIN).
 * - user_456 makes the other paths visible without touching those figures: a cap candidate and a dust
 *   position with open orders (kept in conservative mode; the cap takes the next-ranked position instead),
 *   an unpriced holding, a stuck one below the market minimum, and a protected BTC.
 * - user_789 is the dust note's bot (seed 001): 8 positions at the cap of 8, 2 worth ≥ $5 and 6 dust
 *   ($0.04 … $0.61). At a $0.001 threshold all 8 count and no slot is free; at $1, 2 count and 6 are free.
 */

type Position = { symbol: string; quantity: number; price?: number; entryPrice?: number; openedAt?: string };

const DUST_ASSETS = [
  'BONK', 'FLOKI', 'WIF', 'JASMY', 'VET', 'HBAR', 'ALGO', 'XLM', 'GALA', 'CHZ', 'SAND', 'MANA', 'ENJ', 'BAT',
  'ZIL', 'ONE', 'ANKR', 'CELR', 'COTI', 'DENT', 'HOT', 'IOST', 'KAVA', 'LRC', 'MASK', 'OCEAN', 'ONT', 'QTUM',
  'RSR', 'SKL', 'STORJ', 'SUSHI', 'SXP', 'TFUEL', 'THETA', 'XEM', 'ZRX', 'AUDIO', 'BAND', 'CTSI', 'DGB', 'ICX', 'LPT',
];

/** Platform positions above the dust threshold: the 6 smallest exceed the cap of 8. */
const PLATFORM_ABOVE_DUST: ReadonlyArray<[string, number, number]> = [
  // [asset, USD value, P&L %]
  ['NEAR', 1.5, -3.4], ['GRT', 2.1, -1.2], ['FET', 2.75, 0], ['ATOM', 3.2, 0.5], ['ICP', 3.9, 1.8], ['APT', 4.4, -0.7],
  ['ARB', 6.5, 4.1], ['OP', 9, -2.2], ['INJ', 12, 6.3], ['LINK', 15, 1.1], ['AVAX', 18, -4.5], ['SOL', 22, 9.8],
  ['ETH', 30, 3.3], ['BTC', 45, 12.5],
];

/** A position worth `usd` with the given P&L % (null = no entry price), opened `daysAgo` days before 2026-11-01. */
function position(asset: string, usd: number, pnlPct: number | null, daysAgo: number, quantity = 100): Position {
  const price = usd / quantity;
  const opened = new Date(Date.UTC(2026, 10, 1) - daysAgo * 86_400_000).toISOString();
  return {
    symbol: `${asset}-USD`,
    quantity,
    price,
    ...(pnlPct === null ? {} : { entryPrice: price / (1 + pnlPct / 100) }),
    openedAt: opened,
  };
}

function platformPositions(): Position[] {
  const dust: Position[] = [
    { ...position('SHIB', 0.43, -2.15, 40), quantity: 20_000, price: 0.0000215, entryPrice: 0.0000215 / (1 - 0.0215) },
    { ...position('DOGE', 0.87, 1.05, 35), quantity: 5, price: 0.174, entryPrice: 0.174 / 1.0105 },
  ];
  DUST_ASSETS.forEach((asset, i) => {
    const usd = Math.round((0.04 + ((i * 0.97) % 0.94)) * 100) / 100;
    const pnl = i % 9 === 4 ? null : ((i * 37) % 21) / 2 - 5;
    dust.push(position(asset, usd, pnl, 10 + ((i * 13) % 90)));
  });
  const above = PLATFORM_ABOVE_DUST.map(([asset, usd, pnl], i) => position(asset, usd, pnl, 20 + i * 7));
  return [...dust, ...above];
}

/** The dust note's 8 positions: 2 winning trades and 6 dust. */
function dustNotePositions(): Position[] {
  return [
    position('ETH', 12.4, 3.2, 30, 0.004),
    position('SOL', 6.8, 1.5, 25, 0.05),
    position('XRP', 0.61, -0.8, 60, 1),
    position('DOGE', 0.38, -1.6, 55, 2),
    position('ADA', 0.22, 0.4, 50, 0.5),
    position('SHIB', 0.15, -3.1, 45, 10_000),
    position('PEPE', 0.06, -5.2, 40, 5_000),
    position('FLOKI', 0.04, -7.5, 35, 300),
  ];
}

/**
 * The demo configuration, in the configuration file's shape. `latencyMs` is added to every paper call
 * (0 by default; the progress display is easier to watch with some).
 */
export function demoConfig(latencyMs = 0): CleanupConfigInput {
  const config: CleanupConfigInput = {
    dustThresholdUsd: 1,
    maxPositions: 8,
    protect: { 'user:user_456': ['BTC'] },
    accounts: [
      {
        id: 'platform_coinbase',
        owner: 'platform',
        broker: 'paper',
        paper: { cash: { USD: 12.5 }, positions: platformPositions() },
      },
      {
        id: 'user_user_123_coinbase',
        owner: { user: 'user_123' },
        broker: 'paper',
        paper: {
          cash: { USD: 25 },
          positions: [
            { symbol: 'BTC-USD', quantity: 0.0001, price: 50_000, entryPrice: 48_780.49, openedAt: '2026-02-01T10:00:00Z' },
            position('ETH', 25, 3.1, 200, 0.008),
            position('SOL', 18, -1.4, 150, 0.12),
            position('ADA', 12, 0.6, 120, 20),
            position('LINK', 9, -0.9, 90, 0.6),
          ],
          markets: { 'BTC-USD': { minQuantity: 0.00001, quantityStep: 0.00000001, minNotional: 1 } },
        },
      },
      {
        id: 'user_user_123_kraken',
        owner: { user: 'user_123' },
        broker: 'paper',
        paper: {
          cash: { USD: 40 },
          positions: [position('DOT', 11, 2.2, 80, 2), position('AVAX', 14, -3.0, 70, 0.5), position('MATIC', 6.5, 0.4, 60, 10), position('UNI', 8, 1.7, 50, 1)],
        },
      },
      {
        id: 'user_user_456_coinbase',
        owner: { user: 'user_456' },
        broker: 'paper',
        paper: {
          cash: { USD: 10 },
          positions: [
            position('LTC', 2, -6, 300, 0.025),
            position('BCH', 3, -2, 250, 0.006),
            position('ETC', 4, 1, 240, 0.2),
            position('XTZ', 6, 2, 230),
            position('EOS', 7, -1, 220),
            position('AAVE', 10, 5, 210, 0.05),
            position('COMP', 13, -3, 200, 0.25),
            position('MKR', 16, 0.5, 190, 0.01),
            position('UNI', 19, 4, 180, 2),
            position('CRV', 21, -0.5, 170, 30),
            position('PEPE', 0.3, -8, 160, 30_000),
            position('SPELL', 0.2, null, 150, 20_000),
            position('BTC', 40, 7.5, 400, 0.0008),
            { symbol: 'XYZ-USD', quantity: 10 },
          ],
          openOrders: [
            { id: 'ord-456-ltc', symbol: 'LTC-USD', side: 'sell', quantity: 0.01, price: 95 },
            { id: 'ord-456-pepe', symbol: 'PEPE-USD', side: 'sell', quantity: 10_000, price: 0.000012 },
          ],
          markets: {
            'SPELL-USD': { minQuantity: 100_000, quantityStep: 1, minNotional: null },
            'LTC-USD': { minQuantity: 0.001, quantityStep: 0.00000001, minNotional: 1 },
          },
        },
      },
      {
        id: 'user_user_789_coinbase',
        owner: { user: 'user_789' },
        broker: 'paper',
        paper: { cash: { USD: 3 }, positions: dustNotePositions() },
      },
    ],
  };
  if (latencyMs > 0) {
    for (const account of config.accounts) (account['paper'] as Record<string, unknown>)['latencyMs'] = latencyMs;
  }
  return config;
}

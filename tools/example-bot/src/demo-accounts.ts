import type { PaperAccountConfig } from './example-bot.js';

/**
 * The accounts `example-bot` trades on when run by hand: the platform on one exchange and user_123 on two,
 * each starting with cash and some leftovers (dust, a legacy order) for the startup cleanup to find.
 */
export function demoAccounts(): PaperAccountConfig[] {
  return [
    {
      id: 'platform_coinbase',
      owner: 'platform',
      broker: 'paper',
      paper: {
        cash: { USD: 60 },
        positions: [
          { symbol: 'SHIB-USD', quantity: 24000, price: 0.000018 },
          { symbol: 'ATOM-USD', quantity: 0.4, price: 8 },
        ],
        openOrders: [{ id: 'legacy-1', symbol: 'SHIB-USD', side: 'sell', quantity: 24000, price: 0.00003 }],
      },
    },
    {
      id: 'user_user_123_coinbase',
      owner: 'user:user_123',
      broker: 'paper',
      paper: { cash: { USD: 40 }, positions: [{ symbol: 'DOGE-USD', quantity: 5, price: 0.12 }] },
    },
    {
      id: 'user_user_123_kraken',
      owner: 'user:user_123',
      broker: 'paper',
      paper: { cash: { USD: 40 }, positions: [{ symbol: 'XLM-USD', quantity: 30, price: 0.11 }] },
    },
  ];
}

import { describe, expect, it } from 'vitest';
import { cleanupError, isCleanupError, type BrokerConnection, type OrderReport } from '@forced-cleanup/contract';
import { CONFORMANCE_CASES, fakeHarness, resolveConformanceOptions, runConformanceCase } from '../src/index.js';
import { expectGroupFails, failuresOf, forwarding, mutantHarness } from './mutant-brokers.js';

/** Rethrows a contract error with its code replaced, as a broker with a wrong errors table would. */
function remapCode(from: string, to: Parameters<typeof cleanupError>[0], retryable?: boolean) {
  return (error: unknown): never => {
    if (isCleanupError(error) && error.code === from) throw cleanupError(to, error.message, retryable === undefined ? {} : { retryable });
    throw error;
  };
}

describe('the suite passes a conforming broker', () => {
  it('runs every case of the fake broker to "passed", none skipped', async () => {
    const options = resolveConformanceOptions({ name: 'fake', create: fakeHarness });
    const outcomes = [];
    for (const testCase of CONFORMANCE_CASES) outcomes.push(await runConformanceCase(testCase, options));
    expect(outcomes.every((outcome) => outcome.status === 'passed')).toBe(true);
    expect(new Set(CONFORMANCE_CASES.map((testCase) => testCase.group)).size).toBe(20);
  });
});

describe('the suite fails a defective broker', () => {
  it('balances: free that ignores funds held by open orders', async () => {
    await expectGroupFails(
      'balances',
      { connection: (inner) => ({ ...forwarding(inner), fetchBalances: async (signal) => (await inner.fetchBalances(signal)).map((b) => ({ ...b, free: b.total })) }) },
      /free \(total minus funds held by open orders\)/,
    );
  });

  it('pagination: only the first page', async () => {
    await expectGroupFails(
      'pagination',
      { connection: (inner) => ({ ...forwarding(inner), fetchBalances: async (signal) => (await inner.fetchBalances(signal)).slice(0, 25) }) },
      /assets differ \(missing: [A-Z0-9]+/,
    );
  });

  it('unpricedMarket: a missing price guessed as 0', async () => {
    await expectGroupFails(
      'unpricedMarket',
      {
        connection: (inner) => ({
          ...forwarding(inner),
          fetchPrices: async (symbols, signal) => Object.fromEntries(Object.entries(await inner.fetchPrices(symbols, signal)).map(([s, p]) => [s, p ?? 0])),
        }),
      },
      /XYZ-USD has no usable price.*reported 0/,
    );
  });

  it('markets: a rule dropped', async () => {
    await expectGroupFails(
      'markets',
      { connection: (inner) => ({ ...forwarding(inner), fetchMarkets: async (signal) => (await inner.fetchMarkets(signal)).map((m) => ({ ...m, minNotional: null })) }) },
      /minNotional is null/,
    );
  });

  it('declarations: a rate limit with no burst', async () => {
    await expectGroupFails('declarations', { connection: (inner) => ({ ...forwarding(inner), rateLimit: { requestsPerSecond: 5, burst: 0 } }) }, /rateLimit.*burst/);
  });

  it('cancel: an unknown order reported as cancelled', async () => {
    const swallow = (error: unknown): void => {
      if (!isCleanupError(error) || error.code !== 'order_not_found') throw error;
    };
    await expectGroupFails(
      'cancel',
      { connection: (inner) => ({ ...forwarding(inner), cancelOrder: (order, signal) => inner.cancelOrder(order, signal).catch(swallow) }) },
      /expected a rejection with order_not_found/,
    );
  });

  it('cancel: a plain Error instead of a CleanupError', async () => {
    await expectGroupFails(
      'cancel',
      {
        connection: (inner) => ({
          ...forwarding(inner),
          cancelOrder: (order, signal) =>
            inner.cancelOrder(order, signal).catch((error: unknown) => {
              throw new Error(String((error as Error).message));
            }),
        }),
      },
      /carries no contract error code/,
    );
  });

  it('marketSell: a report that names another client order id', async () => {
    await expectGroupFails(
      'marketSell',
      { connection: (inner) => ({ ...forwarding(inner), placeMarketSell: async (request, signal) => ({ ...(await inner.placeMarketSell(request, signal)), clientOrderId: 'fcffffffffffffffff' }) }) },
      /placeMarketSell report/,
    );
  });

  it('lookup: "the latest order" for any client order id', async () => {
    let latest: OrderReport | null = null;
    await expectGroupFails(
      'lookup',
      {
        connection: (inner) => ({
          ...forwarding(inner),
          placeMarketSell: async (request, signal) => (latest = await inner.placeMarketSell(request, signal)),
          lookupOrder: async (lookup, signal) => (await inner.lookupOrder(lookup, signal)) ?? latest,
        }),
      },
      /never used: expected .* to be null/,
    );
  });

  it('belowMinimum: reported as invalid_order', async () => {
    await expectGroupFails(
      'belowMinimum',
      { connection: (inner) => ({ ...forwarding(inner), placeMarketSell: (request, signal) => inner.placeMarketSell(request, signal).catch(remapCode('below_minimum', 'invalid_order')) }) },
      /expected error code below_minimum, got invalid_order/,
    );
  });

  it('insufficientFunds: marked retryable', async () => {
    await expectGroupFails(
      'insufficientFunds',
      {
        connection: (inner) => ({
          ...forwarding(inner),
          placeMarketSell: (request, signal) => inner.placeMarketSell(request, signal).catch(remapCode('insufficient_funds', 'insufficient_funds', true)),
        }),
      },
      /expected retryable false for insufficient_funds/,
    );
  });

  it('rateLimit: reported as unknown', async () => {
    await expectGroupFails(
      'rateLimit',
      { connection: (inner) => ({ ...forwarding(inner), fetchBalances: (signal) => inner.fetchBalances(signal).catch(remapCode('rate_limited', 'unknown')) }) },
      /expected error code rate_limited, got unknown/,
    );
  });

  it('badCredentials: marked retryable', async () => {
    await expectGroupFails(
      'badCredentials',
      { connection: (inner) => ({ ...forwarding(inner), fetchBalances: (signal) => inner.fetchBalances(signal).catch(remapCode('auth_failed', 'auth_failed', true)) }) },
      /expected retryable false for auth_failed/,
    );
  });

  it('badCredentials: no balances instead of an error', async () => {
    await expectGroupFails(
      'badCredentials',
      { connection: (inner) => ({ ...forwarding(inner), fetchBalances: (signal) => inner.fetchBalances(signal).catch(() => []) }) },
      /fetchBalances with the fault bad_credentials: expected a rejection with auth_failed/,
    );
  });

  it('malformedResponse: a guess (no balances) instead of an error', async () => {
    await expectGroupFails(
      'malformedResponse',
      { connection: (inner) => ({ ...forwarding(inner), fetchBalances: (signal) => inner.fetchBalances(signal).catch(() => []) }) },
      /fetchBalances with the fault malformed_response: expected a rejection/,
    );
  });

  it('secrets: the API key in an error message', async () => {
    const leak = (secrets: readonly string[]) => (error: unknown): never => {
      throw cleanupError(isCleanupError(error) ? error.code : 'unknown', `${(error as Error).message} (key ${secrets[0] ?? ''})`);
    };
    await expectGroupFails(
      'secrets',
      { connection: (inner, secrets) => ({ ...forwarding(inner), cancelOrder: (order, signal) => inner.cancelOrder(order, signal).catch(leak(secrets)) }) },
      /secret #1 of the harness appears in JSON\.stringify\(error\), String\(error\), error\.message, error\.stack/,
    );
  });

  it('secrets: the API secret only in the stack', async () => {
    const leak = (secrets: readonly string[]) => (error: unknown): never => {
      const copy = cleanupError(isCleanupError(error) ? error.code : 'unknown', (error as Error).message);
      copy.stack = `${copy.stack ?? ''}\n    at sign (secret=${secrets[1] ?? ''})`;
      throw copy;
    };
    await expectGroupFails(
      'secrets',
      { connection: (inner, secrets) => ({ ...forwarding(inner), placeMarketSell: (request, signal) => inner.placeMarketSell(request, signal).catch(leak(secrets)) }) },
      /secret #2 of the harness appears in error\.stack$/m,
    );
  });

  it('abort: a call that ignores its signal', async () => {
    await expectGroupFails(
      'abort',
      { connection: (inner) => ({ ...forwarding(inner), placeMarketSell: (request) => inner.placeMarketSell(request, new AbortController().signal) }) },
      /placeMarketSell with an already-aborted signal: expected a rejection with aborted/,
    );
  });

  it('requestLog: a read that cancels on the side', async () => {
    const sneaky = (inner: BrokerConnection): BrokerConnection => ({
      ...forwarding(inner),
      fetchBalances: async (signal) => {
        await inner.cancelOrder({ id: '1', symbol: 'BTC-USD' }, signal).catch(() => undefined);
        return inner.fetchBalances(signal);
      },
    });
    await expectGroupFails('requestLog', { connection: sneaky }, /order-placing or cancelling requests sent by read methods/);
  });

  it('dustConversion: SHIB reported both converted and refused', async () => {
    await expectGroupFails(
      'dustConversion',
      { connection: (inner) => ({ ...forwarding(inner), convertDust: async () => ({ converted: ['SHIB'], refused: [{ asset: 'SHIB', reason: 'both' }] }) }) },
      /either converted or refused/,
    );
  });
});

describe('a harness that lacks a lever fails the case rather than passing it', () => {
  it('no fault injection', async () => {
    await expectGroupFails('rateLimit', { control: ({ faults: _faults, ...rest }) => rest }, /no control\.faults.*skip 'rateLimit' with a reason/);
  });

  it('no request log', async () => {
    await expectGroupFails('requestLog', { control: ({ requests: _requests, ...rest }) => rest }, /no control\.requests\(\).*skip 'requestLog'/);
  });

  it('no secrets listed', async () => {
    await expectGroupFails('secrets', { control: (control) => ({ ...control, secrets: [] }) }, /lists no secrets/);
  });
});

describe('what the suite allows', () => {
  it('market data answered without credentials (public endpoints), as long as the answer is valid', async () => {
    const cachingMarkets = (inner: BrokerConnection): BrokerConnection => {
      let markets: Awaited<ReturnType<BrokerConnection['fetchMarkets']>> | null = null;
      return { ...forwarding(inner), fetchMarkets: async (signal) => (markets ??= await inner.fetchMarkets(signal)) };
    };
    expect(await failuresOf('badCredentials', mutantHarness({ connection: cachingMarkets }))).toEqual([]);
  });

  it('but not an invalid answer to a public read', async () => {
    await expectGroupFails(
      'badCredentials',
      { connection: (inner) => ({ ...forwarding(inner), fetchMarkets: async () => [{ symbol: 'BTC-USD' }] as never }) },
      /fetchMarkets with the fault bad_credentials returned an answer the contract's schema rejects/,
    );
  });
});

describe('capability-driven skips', () => {
  it('skips the dust conversion case, with the reason, for a broker that declares none', async () => {
    const harness = async (scenario: Parameters<typeof fakeHarness>[0]) => {
      const { connection, control } = await fakeHarness(scenario);
      const { convertDust: _convertDust, ...rest } = forwarding(connection);
      return { connection: { ...rest, capabilities: { ...connection.capabilities, dustConversion: false } }, control };
    };
    const options = resolveConformanceOptions({ name: 'no-dust', create: harness });
    const [dustCase] = CONFORMANCE_CASES.filter((testCase) => testCase.group === 'dustConversion');
    expect(await runConformanceCase(dustCase!, options)).toEqual({ status: 'skipped', reason: 'capabilities.dustConversion is false: the broker declares no dust conversion' });
  });
});

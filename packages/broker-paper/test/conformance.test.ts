import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { AccountConfigSchema, type BrokerConnection, type BrokerContext } from '@forced-cleanup/contract';
import {
  describeBrokerConformance,
  scenarioSymbol,
  switchableConnection,
  type BrokerHarness,
  type ConformanceScenario,
  type HarnessFaultKind,
} from '@forced-cleanup/broker-testkit';
import plugin, { paperStatePath, type PaperOptionsInput } from '../src/index.js';

/*
 * The paper broker against the shared broker conformance suite. The harness writes the scenario as the
 * account's `paper:` block and connects through the plugin, as the engine does, in a fresh temporary state
 * directory per case. Paper's `faults:` are fixed when it connects, so a fault is injected by connecting
 * again to the same state file with a `faults:` list, and cleared by connecting again without.
 */

/** The scenario as a `paper:` block: holdings become positions priced in USD, with their market rules. */
function paperBlockOf(scenario: ConformanceScenario, faults: PaperOptionsInput['faults']): PaperOptionsInput {
  return {
    cash: scenario.cash,
    positions: scenario.holdings.map((holding) => ({ symbol: scenarioSymbol(holding.asset), quantity: holding.quantity, price: holding.priceUsd })),
    openOrders: scenario.openOrders.map((order) => ({ id: order.id, symbol: scenarioSymbol(order.asset), side: order.side, quantity: order.quantity, price: order.price })),
    markets: Object.fromEntries(scenario.holdings.map((holding) => [scenarioSymbol(holding.asset), holding.market])),
    latencyMs: 0,
    faults,
  };
}

/** The paper fault that plays each harness fault, on every call. */
const PAPER_FAULTS: Partial<Record<HarnessFaultKind, NonNullable<PaperOptionsInput['faults']>>> = {
  rate_limit: [{ call: '*', fault: 'rate_limit', retryAfterMs: 1000 }],
  server_error: [{ call: '*', fault: 'error', code: 'exchange_unavailable' }],
};

/**
 * A state file every call reads and none accepts: valid JSON, but a quantity that is not a number. The paper
 * exchange's "wire" is its state file, so this is the paper form of a malformed answer.
 */
const MALFORMED_STATE = JSON.stringify({ version: 1, positions: [{ symbol: 'BTC-USD', quantity: 'plenty', price: 40_000 }] });

async function createPaperHarness(scenario: ConformanceScenario): Promise<BrokerHarness> {
  const stateDir = await mkdtemp(join(tmpdir(), 'paper-conformance-'));
  const silent = () => undefined;
  const context: BrokerContext = {
    stateDir,
    configDir: stateDir,
    env: {},
    logger: { info: silent, warn: silent, error: silent },
    // Paper has no credentials: asking for one would be a bug, so it fails the case loudly.
    secrets: { read: (label) => expect.fail(`the paper broker asked for a secret (${label})`) },
  };
  const connect = (faults: PaperOptionsInput['faults'] = []): Promise<BrokerConnection> => {
    const account = AccountConfigSchema.parse({ id: 'conformance_paper', owner: 'platform', broker: 'paper', paper: paperBlockOf(scenario, faults) });
    return plugin.connect(account, context, new AbortController().signal);
  };
  const switchable = switchableConnection(await connect());
  const file = paperStatePath(stateDir, 'conformance_paper');
  let saved: string | null = null;
  return {
    connection: switchable.connection,
    control: {
      faults: {
        async inject(kind) {
          const faults = PAPER_FAULTS[kind];
          if (faults !== undefined) return switchable.switchTo(await connect(faults));
          if (kind !== 'malformed_response') throw new Error(`the paper harness cannot inject ${kind}`);
          saved ??= await readFile(file, 'utf8');
          await writeFile(file, MALFORMED_STATE);
        },
        async clear() {
          if (saved !== null) await writeFile(file, saved);
          saved = null;
          await switchable.switchTo(await connect());
        },
      },
      secrets: [],
      async close() {
        await switchable.close();
        await rm(stateDir, { recursive: true, force: true });
      },
    },
  };
}

describeBrokerConformance({
  name: 'paper',
  create: createPaperHarness,
  skip: {
    badCredentials: 'paper has no credentials at all: there is nothing to reject',
    secrets: 'paper has no credentials at all: there is no secret that could leak',
    requestLog: 'paper sends no requests: its exchange is a state file read and written in-process, with no request log to inspect',
  },
});

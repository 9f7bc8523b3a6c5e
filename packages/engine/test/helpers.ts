import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveOpenOrderPolicy } from '@forced-cleanup/core';
import { CleanupConfigSchema, type CleanupEvent, type PlannerSettings } from '@forced-cleanup/contract';
import type { CleanupOptions } from '../src/index.js';

/** The scripted in-memory broker, loaded by path like a third-party plugin. */
export const SCRIPTED = fileURLToPath(new URL('./fixtures/scripted-broker.mjs', import.meta.url));

/** A recorded broker call. */
export interface BrokerCall {
  accountId: string;
  method: string;
  args: unknown[];
  kind: 'read' | 'order_placing' | 'cancelling';
}

/** The calls the scripted broker recorded since the last reset. */
export function brokerCalls(): BrokerCall[] {
  return ((globalThis as { __brokerCalls?: BrokerCall[] }).__brokerCalls ??= []);
}

export function resetBrokerCalls(): void {
  brokerCalls().length = 0;
}

/** Engine options for the given raw accounts (validated like a config file) and settings. */
export function optionsFor(
  accounts: unknown[],
  overrides: Partial<PlannerSettings> & { cancelOpenOrders?: boolean; startupOnly?: boolean; cancelConditions?: string } = {},
): CleanupOptions & { events: CleanupEvent[] } {
  const config = CleanupConfigSchema.parse({ accounts });
  const events: CleanupEvent[] = [];
  const stateDir = mkdtempSync(join(tmpdir(), 'fc-engine-test-'));
  return {
    accounts: config.accounts,
    settings: {
      dustThresholdUsd: overrides.dustThresholdUsd ?? 1,
      maxPositions: overrides.maxPositions ?? 8,
      maxPositionsByOwner: overrides.maxPositionsByOwner ?? {},
      cashAssets: ['USD', 'USDC', 'USDT', 'EUR'],
      protect: overrides.protect ?? {},
    },
    policy: resolveOpenOrderPolicy({
      cancelOpenOrders: overrides.cancelOpenOrders ?? false,
      startupOnly: overrides.startupOnly ?? false,
      cancelConditions: overrides.cancelConditions,
    }),
    startup: true,
    concurrency: 4,
    stateDir,
    configDir: stateDir,
    pluginSearchDirs: [fileURLToPath(new URL('..', import.meta.url))],
    onEvent: (event) => events.push(event),
    events,
    runId: 'test-run',
  };
}

/** A scripted account. */
export function scripted(id: string, owner: unknown, script: Record<string, unknown>) {
  return { id, owner, broker: SCRIPTED, script };
}

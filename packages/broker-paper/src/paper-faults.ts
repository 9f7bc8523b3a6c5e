import { z } from 'zod';
import { ERROR_CODES } from '@forced-cleanup/contract';
import { RELATIVE_TOLERANCE } from './market-symbol.js';
import { WHEN_FIELDS_VALID } from './paper-state.js';

/*
 * The `faults:` list of a `paper:` block: which contract call misbehaves, when, and how. It exists so that
 * the engine's journal recovery, retries, timeouts and account isolation can be tested against a broker
 * that fails on purpose, at an exact point, the same way every time.
 */

/** Every BrokerConnection method of the paper broker, by name: what a fault's `call` may name. */
export const PAPER_CALL_NAMES = [
  'fetchBalances',
  'fetchMarkets',
  'fetchPrices',
  'fetchOpenOrders',
  'cancelOrder',
  'placeMarketSell',
  'lookupOrder',
] as const;

/** What a fault may target: a connection method, `connect` (the plugin's), or `*` (every method call). */
export const FAULT_TARGETS = [...PAPER_CALL_NAMES, 'connect', '*'] as const;
/** What a fault may target. */
export type FaultTarget = (typeof FAULT_TARGETS)[number];

/** How a call misbehaves; see docs/broker-paper.md "Fault injection" for each. */
export const FAULT_KINDS = ['error', 'rate_limit', 'timeout', 'timeout_after_executing', 'partial_fill', 'kill_before', 'kill_after'] as const;
/** How a call misbehaves. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The code of an `error` fault when none is given: the exchange is down, which any caller may retry. */
export const DEFAULT_FAULT_CODE = 'exchange_unavailable' as const;

/**
 * The largest fill ratio: closer to 1, float-noise tolerance could no longer tell the partial fill from a
 * full one, and a partial fill must report less than was asked for.
 */
export const MAX_FILL_RATIO = 1 - RELATIVE_TOLERANCE;

const oneOf = (values: readonly string[]): string => values.map((value) => `"${value}"`).join(', ');
const COUNT_MESSAGE = 'expected a whole number ≥ 1';
const RATIO_MESSAGE = `expected a number with 0 < r < 1 (at most ${MAX_FILL_RATIO})`;

/** Options that belong to one fault kind only: given with another kind they would silently do nothing. */
const OPTION_OF_KIND = { code: 'error', retryAfterMs: 'rate_limit', fillRatio: 'partial_fill' } as const;

/**
 * Cross-field rules of one fault. Each issue names the field to fix, so that
 * `accounts[a].paper.faults[1].times: only with nth` points at the exact line of the file.
 */
function checkFault(fault: z.output<typeof PaperFaultFieldsSchema>, ctx: z.RefinementCtx): void {
  if (fault.times !== undefined && fault.nth === undefined) {
    ctx.addIssue({ code: 'custom', path: ['times'], message: 'only with nth: times counts consecutive calls from the nth one' });
  }
  for (const [option, kind] of Object.entries(OPTION_OF_KIND)) {
    if (fault[option as keyof typeof OPTION_OF_KIND] !== undefined && fault.fault !== kind) {
      ctx.addIssue({ code: 'custom', path: [option], message: `only with fault "${kind}" (this fault is "${fault.fault}")` });
    }
  }
  if (fault.fault === 'partial_fill') {
    if (fault.call !== 'placeMarketSell') {
      ctx.addIssue({ code: 'custom', path: ['call'], message: 'fault "partial_fill" applies only to call "placeMarketSell"' });
    }
    if (fault.fillRatio === undefined) {
      ctx.addIssue({ code: 'custom', path: ['fillRatio'], message: `required with fault "partial_fill": ${RATIO_MESSAGE}` });
    }
  }
}

/** The fields of one fault, each checked on its own. */
const PaperFaultFieldsSchema = z.strictObject({
  /** The call it applies to. */
  call: z.enum(FAULT_TARGETS, { error: `expected one of ${oneOf(FAULT_TARGETS)}` }),
  /** 1-based index of the matching call at which the fault starts; absent: every matching call. */
  nth: z.number({ error: COUNT_MESSAGE }).int({ error: COUNT_MESSAGE }).min(1, { error: COUNT_MESSAGE }).optional(),
  /** With `nth`: how many consecutive matching calls, from the nth, the fault applies to (default 1). */
  times: z.number({ error: COUNT_MESSAGE }).int({ error: COUNT_MESSAGE }).min(1, { error: COUNT_MESSAGE }).optional(),
  /** What goes wrong. */
  fault: z.enum(FAULT_KINDS, { error: `expected one of ${oneOf(FAULT_KINDS)}` }),
  /** `error` only: the contract error code to reject with (default `exchange_unavailable`). */
  code: z.enum(ERROR_CODES, { error: `expected a contract error code: ${oneOf(ERROR_CODES)}` }).optional(),
  /** `rate_limit` only: the Retry-After the exchange sends, in milliseconds. */
  retryAfterMs: z
    .number({ error: 'expected a number of milliseconds ≥ 0' })
    .min(0, { error: 'expected a number of milliseconds ≥ 0' })
    .optional(),
  /** `partial_fill` only: the share of the quantity that fills, rounded down to the market's step. */
  fillRatio: z
    .number({ error: RATIO_MESSAGE })
    .gt(0, { error: RATIO_MESSAGE })
    .max(MAX_FILL_RATIO, { error: RATIO_MESSAGE })
    .optional(),
});

/** One injected fault. Cross-field rules run once every field is valid (a field error says more). */
export const PaperFaultSchema = PaperFaultFieldsSchema.superRefine(checkFault, WHEN_FIELDS_VALID);
/** One injected fault, as validated. */
export type PaperFault = z.output<typeof PaperFaultSchema>;

/** The `faults:` list: checked in order, the first entry matching a call applies to it. */
export const PaperFaultsSchema = z.array(PaperFaultSchema, { error: 'expected a list of faults' }).default([]);

/** True when `index` (1-based, of the calls this fault counts) falls in the fault's window. */
export function faultCovers(fault: Pick<PaperFault, 'nth' | 'times'>, index: number): boolean {
  if (fault.nth === undefined) return true;
  return index >= fault.nth && index < fault.nth + (fault.times ?? 1);
}

/**
 * The fault that applies to a call: the first entry naming this call whose window covers `index` (this
 * call's count under its own name), or the first `*` entry whose window covers `overall` (the count of
 * every method call of the connection). `connect` is matched only by entries naming it: it precedes the
 * connection whose calls `*` counts.
 */
export function selectFault(faults: readonly PaperFault[], call: Exclude<FaultTarget, '*'>, index: number, overall: number): PaperFault | undefined {
  return faults.find((fault) => {
    if (fault.call === call) return faultCovers(fault, index);
    return fault.call === '*' && call !== 'connect' && faultCovers(fault, overall);
  });
}

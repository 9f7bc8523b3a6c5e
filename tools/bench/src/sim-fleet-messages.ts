import { z } from 'zod';
import { EXCHANGE_NAMES } from '@forced-cleanup/exchange-sim';

/*
 * The messages between a benchmark and the child process that hosts its simulators (sim-fleet.ts,
 * sim-fleet-child.ts). Both sides parse what they receive: a process boundary is a boundary.
 */

const BudgetSchema = z.strictObject({ requestsPerSecond: z.number().positive(), burst: z.number().min(1) });

/** One sim to start. */
export const FleetSimSchema = z.strictObject({
  exchange: z.enum(EXCHANGE_NAMES),
  /** The sim state (validated by the sim itself). */
  state: z.record(z.string(), z.unknown()),
  latencyMs: z.number().nonnegative(),
  rateLimit: z.union([z.literal(false), BudgetSchema]),
});
/** One sim to start. */
export type FleetSim = z.infer<typeof FleetSimSchema>;

/** What the parent asks. */
export const FleetRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), sims: z.array(FleetSimSchema) }),
  z.strictObject({ type: z.literal('tally') }),
  z.strictObject({ type: z.literal('stop') }),
]);
/** What the parent asks. */
export type FleetRequest = z.infer<typeof FleetRequestSchema>;

/** The requests one sim served, by kind, and those it refused for the rate limit. */
export const SimTallySchema = z.strictObject({
  read: z.number().int(),
  orderPlacing: z.number().int(),
  cancelling: z.number().int(),
  other: z.number().int(),
  /** Answered 429 or 418: refused by the rate limit, not served. */
  rateLimited: z.number().int(),
});
/** The requests one sim served. */
export type SimTally = z.infer<typeof SimTallySchema>;

/** What the child answers. */
export const FleetReplySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('started'), urls: z.array(z.string()) }),
  /** `cpuMs`: CPU time the child spent since its sims started (user + system). */
  z.strictObject({ type: z.literal('tally'), tallies: z.array(SimTallySchema), cpuMs: z.number().nonnegative() }),
  z.strictObject({ type: z.literal('stopped') }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
]);
/** What the child answers. */
export type FleetReply = z.infer<typeof FleetReplySchema>;

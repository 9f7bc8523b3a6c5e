/**
 * @forced-cleanup/core — the planner. A pure library: snapshot + settings → plan, with no network, clock,
 * environment or file system. Also the cancel-condition parser and the position-cap entry gate.
 */
export * from './parse-cancel-conditions.js';
export * from './resolve-open-order-policy.js';
export * from './select-price-symbols.js';
export * from './build-account-snapshot.js';
export * from './pnl-and-outcome.js';
export * from './market-minimums.js';
export * from './classify-positions.js';
export * from './rank-cap-candidates.js';
export * from './cap-for-owner.js';
export * from './plan-cleanup.js';
export * from './entry-gate.js';
export { parseTimestamp } from './parse-timestamp.js';
export { compareOwners } from './ordering.js';
export { effectiveModeOf, type EffectiveMode } from './open-order-decision.js';

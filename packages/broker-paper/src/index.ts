/**
 * @forced-cleanup/broker-paper — the embedded paper exchange: a simulated exchange whose state is a JSON
 * file per account (`<stateDir>/paper/<accountId>.json`). The default export is the broker plugin.
 */
import { plugin } from './plugin.js';

export { plugin };
export default plugin;
export { PaperStateSchema, PaperPositionSchema, PaperOpenOrderSchema, PaperMarketRulesSchema, PaperFillSchema, PAPER_STATE_VERSION } from './paper-state.js';
export type { PaperState, PaperPosition, PaperOpenOrder, PaperMarketRules, PaperFill } from './paper-state.js';
export { PaperOptionsSchema, resolvePaperOptions, MAX_LATENCY_MS } from './paper-options.js';
export type { PaperOptions, PaperOptionsInput, ResolvedPaperOptions } from './paper-options.js';
export { readPaperState, writePaperState, paperStatePath } from './state-file.js';
export { PaperConnection, PAPER_CAPABILITIES, PAPER_RATE_LIMIT } from './paper-connection.js';
export type { PaperCallName, PaperConnectionSettings } from './paper-connection.js';
export { PaperFaultSchema, PaperFaultsSchema, PAPER_CALL_NAMES, FAULT_TARGETS, FAULT_KINDS, DEFAULT_FAULT_CODE, MAX_FILL_RATIO } from './paper-faults.js';
export type { PaperFault, FaultTarget, FaultKind } from './paper-faults.js';

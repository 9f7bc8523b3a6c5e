/**
 * @forced-cleanup/engine — runs a cleanup: loads broker plugins (by name or path, through a dynamic
 * import), reads every account, plans with the core, executes the close sequence, reconciles, and reports.
 */
export * from './cleanup-session.js';
export * from './load-broker-plugin.js';
export * from './client-order-id.js';
export type { ConnectedAccount } from './connect-account.js';
export { createSecretReader } from './secret-reader.js';

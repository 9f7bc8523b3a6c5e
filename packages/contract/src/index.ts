/**
 * @forced-cleanup/contract — the schemas, types and broker plugin interface every other package shares.
 * No I/O. Every boundary (config file, environment, flags, broker output) is validated with these schemas.
 */
export * from './version.js';
export * from './owner.js';
export * from './market.js';
export * from './balance.js';
export * from './open-order.js';
export * from './order-report.js';
export * from './errors.js';
export * from './open-order-mode.js';
export * from './config.js';
export * from './snapshot.js';
export * from './plan.js';
export * from './report.js';
export * from './events.js';
export * from './broker-plugin.js';
export * from './describe-issues.js';

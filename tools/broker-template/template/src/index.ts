/**
 * @forced-cleanup/broker-acme — the forced-cleanup broker plugin for Acme (`broker: '@forced-cleanup/broker-acme'`
 * in an account, or a built-in name once the engine lists it). The default export is the broker plugin.
 */
import { plugin } from './plugin.js';

export { plugin };
export default plugin;
export { AcmeOptionsSchema, resolveAcmeOptions, ACME_DEFAULT_BASE_URL } from './acme-options.js';
export type { AcmeOptions, ResolvedAcmeOptions } from './acme-options.js';
export { AcmeConnection, ACME_CAPABILITIES, ACME_RATE_LIMIT } from './acme-connection.js';
export { httpTransport, signRequest } from './transport.js';
export type { AcmeCredentials, ExchangeTransport, WireRequest, WireResponse } from './transport.js';

/**
 * @forced-cleanup/exchange-sim/testing — key generation and request signing for tests that drive a sim with
 * real client libraries (and for broker tests that need keys the sim accepts).
 */
export * from './sign.js';
export { sampleCredentials, type SampleCredentials } from './sample-credentials.js';

/**
 * The version of the broker plugin contract. The engine refuses a plugin whose `contractVersion` differs:
 * a change to {@link BrokerPlugin} or to the schemas a plugin returns is a new version.
 */
export const CONTRACT_VERSION = 1 as const;

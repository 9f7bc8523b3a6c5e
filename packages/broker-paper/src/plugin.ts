import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CONTRACT_VERSION, type AccountConfig, type BrokerConnection, type BrokerContext, type BrokerPlugin } from '@forced-cleanup/contract';
import { throwIfAborted } from './abort.js';
import { stateFileError } from './errors.js';
import { countConnectAttempt, runWithFault } from './fault-injector.js';
import { PaperConnection } from './paper-connection.js';
import { resolvePaperOptions } from './paper-options.js';
import { PaperStateStore } from './paper-state-store.js';
import { paperStatePath } from './state-file.js';

/**
 * Connects a paper account: validates its `paper:` block (`invalid_config` naming the bad path), then
 * makes sure `<stateDir>/paper/<accountId>.json` exists, creating it from the block when absent. An
 * existing state file wins over the block: it is the exchange's state, changed by earlier runs.
 * A `connect` fault applies to the attempt after validation (a bad fault list is a config error, not an
 * injected one); attempts are counted per account in this process.
 */
async function connect(account: AccountConfig, context: BrokerContext, signal: AbortSignal): Promise<BrokerConnection> {
  throwIfAborted(signal, 'connect');
  const { initialState, latencyMs, faults } = resolvePaperOptions(account);
  const file = paperStatePath(context.stateDir, account.id);
  const armed = countConnectAttempt(file, faults);
  return runWithFault(armed, signal, async () => {
    try {
      await mkdir(dirname(file), { recursive: true });
    } catch (error) {
      throw stateFileError(error, 'write', file);
    }
    throwIfAborted(signal, 'connect');
    const store = new PaperStateStore(file, initialState);
    // Reading creates the file when absent and rejects a corrupt one now rather than at the first sell.
    await store.read();
    context.logger.info('paper account connected', { accountId: account.id, stateFile: file });
    if (faults.length > 0) {
      // Loud on purpose: a fault list left in a real configuration would make a run fail for no reason.
      context.logger.warn('paper fault injection is on', { accountId: account.id, faults: faults.length });
    }
    return new PaperConnection(store, { latencyMs, faults });
  });
}

/** The paper broker: a simulated exchange kept in a JSON state file per account. */
export const plugin: BrokerPlugin = Object.freeze({
  name: 'paper',
  contractVersion: CONTRACT_VERSION,
  connect,
});

import type { AccountConfig } from '@forced-cleanup/contract';
import { CliError } from './cli-errors.js';

/** The accounts a run processes, after `--owner` and `--account`. */
export interface AccountSelection {
  /** The selected accounts, in configuration order. */
  readonly accounts: AccountConfig[];
  /**
   * Owners of which only some accounts are selected (only `--account` can do that), with how many of
   * how many. Their cap is not enforced: a cap computed on a partial view could close the wrong positions.
   */
  readonly partialOwners: ReadonlyMap<string, { readonly selected: number; readonly total: number }>;
  /** `--owner platform --account x`, or null without filters: for the output. */
  readonly description: string | null;
}

/**
 * Applies the filters. `--owner` keeps every account of each owner named (so the owner's cap is computed
 * on all of them); `--account` keeps the accounts named; both together keep the accounts that pass both.
 * A filter that matches nothing is an error naming what exists: a typo must not become an empty run.
 */
export function selectAccounts(all: readonly AccountConfig[], owners: readonly string[], accountIds: readonly string[]): AccountSelection {
  const knownOwners = [...new Set(all.map((account) => account.owner))];
  for (const owner of owners) {
    if (!knownOwners.includes(owner)) {
      throw new CliError('NoMatch', `--owner ${owner}: no account of the configuration belongs to it (owners: ${knownOwners.join(', ')})`);
    }
  }
  for (const id of accountIds) {
    if (!all.some((account) => account.id === id)) {
      throw new CliError('NoMatch', `--account ${id}: no such account in the configuration (accounts: ${all.map((account) => account.id).join(', ')})`);
    }
  }
  const accounts = all.filter(
    (account) => (owners.length === 0 || owners.includes(account.owner)) && (accountIds.length === 0 || accountIds.includes(account.id)),
  );
  if (accounts.length === 0) {
    throw new CliError('NoMatch', `--owner ${owners.join(',')} and --account ${accountIds.join(',')} together select no account`);
  }
  const partialOwners = new Map<string, { selected: number; total: number }>();
  for (const owner of new Set(accounts.map((account) => account.owner))) {
    const selected = accounts.filter((account) => account.owner === owner).length;
    const total = all.filter((account) => account.owner === owner).length;
    if (selected < total) partialOwners.set(owner, { selected, total });
  }
  const parts = [...owners.map((owner) => `--owner ${owner}`), ...accountIds.map((id) => `--account ${id}`)];
  return { accounts, partialOwners, description: parts.length === 0 ? null : parts.join(' ') };
}

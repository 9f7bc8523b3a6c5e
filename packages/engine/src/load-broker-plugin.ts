import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTRACT_VERSION, cleanupError, type BrokerPlugin } from '@forced-cleanup/contract';

/** Built-in broker names and the packages that provide them. Any other name is a package or a path. */
export const BUILT_IN_BROKERS: Readonly<Record<string, string>> = {
  paper: '@forced-cleanup/broker-paper',
  ccxt: '@forced-cleanup/broker-ccxt',
  coinbase: '@forced-cleanup/broker-coinbase',
  kraken: '@forced-cleanup/broker-kraken',
};

/** Where plugin names are resolved from. */
export interface PluginResolution {
  /** Directory of the configuration file: relative module paths are resolved against it. */
  readonly configDir: string;
  /** Directories whose `node_modules` may hold broker packages (e.g. the CLI's own package directory). */
  readonly searchDirs: readonly string[];
}

const cache = new Map<string, Promise<BrokerPlugin>>();

/**
 * Loads a broker plugin by built-in name, package name or module path — always through a dynamic import,
 * so that a third-party broker is loaded exactly like ours. Checks its shape and contract version.
 * Loaded once per process (the import is the expensive part: ccxt takes ~0.4 s).
 */
export function loadBrokerPlugin(spec: string, resolution: PluginResolution): Promise<BrokerPlugin> {
  const location = locate(spec, resolution);
  let loading = cache.get(location);
  if (!loading) {
    loading = importPlugin(spec, location);
    cache.set(location, loading);
    loading.catch(() => cache.delete(location));
  }
  return loading;
}

function locate(spec: string, resolution: PluginResolution): string {
  const isPath = spec.startsWith('.') || isAbsolute(spec);
  if (isPath) return resolve(resolution.configDir, spec);
  const packageName = BUILT_IN_BROKERS[spec] ?? spec;
  for (const dir of [resolution.configDir, ...resolution.searchDirs]) {
    try {
      return createRequire(join(dir, 'noop.js')).resolve(packageName);
    } catch {
      // not installed there: try the next directory
    }
  }
  const hint = BUILT_IN_BROKERS[spec]
    ? `the package ${packageName} is not installed`
    : `no built-in broker is called "${spec}" (built-in: ${Object.keys(BUILT_IN_BROKERS).join(', ')}), and no package of that name is installed`;
  throw cleanupError('invalid_config', `broker "${spec}" cannot be loaded: ${hint}`);
}

async function importPlugin(spec: string, location: string): Promise<BrokerPlugin> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(location).href)) as Record<string, unknown>;
  } catch (error) {
    throw cleanupError('invalid_config', `broker "${spec}" failed to load from ${location}: ${(error as Error).message}`);
  }
  const candidate = (module.plugin ?? module.default) as Partial<BrokerPlugin> | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.connect !== 'function' || typeof candidate.name !== 'string') {
    throw cleanupError(
      'invalid_config',
      `broker "${spec}" is not a broker plugin: its module must export (as default or as "plugin") an object with name, contractVersion and connect()`,
    );
  }
  if (candidate.contractVersion !== CONTRACT_VERSION) {
    throw cleanupError(
      'invalid_config',
      `broker "${spec}" implements contract version ${String(candidate.contractVersion)}, this engine needs ${CONTRACT_VERSION}`,
    );
  }
  return candidate as BrokerPlugin;
}

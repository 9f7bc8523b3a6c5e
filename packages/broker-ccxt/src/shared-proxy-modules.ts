import type { ExchangeConstructor } from './implicit-api.js';

/*
 * Before its first request, every ccxt instance tries to import three optional packages for its legacy
 * proxy paths (`http-proxy-agent`, `https-proxy-agent`, `socks-proxy-agent`; the undici path this broker
 * uses needs none). Where they are not installed — the usual case — each attempt is a failed module
 * resolution that walks the directory tree: ~0.35 ms of CPU per instance, paid by every account. The
 * outcome is the same for every instance of the process (Node caches a module, and a package missing at
 * the first attempt is not looked for again by that instance either), so the first instance's outcome is
 * handed to the others: the same module objects, or the same absence. These modules hold no state of any
 * account.
 */

/** ccxt's proxy-module fields, and the method that fills them. */
interface ProxyModuleHolder {
  httpProxyAgentModule?: unknown;
  httpsProxyAgentModule?: unknown;
  socksProxyAgentModule?: unknown;
  socksProxyAgentModuleChecked?: boolean;
  /** ccxt's pending or settled `loadProxyModules()`, kept per instance. */
  proxiesModulesLoading?: Promise<unknown>;
  loadProxyModules(): Promise<unknown>;
}

/** What ccxt's `loadProxyModules` leaves on an instance. */
interface ProxyModules {
  readonly http: unknown;
  readonly https: unknown;
  readonly socks: unknown;
  readonly socksChecked: boolean | undefined;
}

/** A subclass of the ccxt exchange class `Base` whose instances share the process's proxy-module lookup. */
export function withSharedProxyModules<C, E>(Base: ExchangeConstructor<C, E>): ExchangeConstructor<C, E> {
  let shared: Promise<ProxyModules> | undefined;
  const Derived = class extends (Base as unknown as new (config: C) => ProxyModuleHolder) {
    override loadProxyModules(): Promise<unknown> {
      if (this.proxiesModulesLoading === undefined) {
        shared ??= super.loadProxyModules().then(
          () => ({
            http: this.httpProxyAgentModule,
            https: this.httpsProxyAgentModule,
            socks: this.socksProxyAgentModule,
            socksChecked: this.socksProxyAgentModuleChecked,
          }),
          (error: unknown) => {
            // ccxt catches every import failure itself; should it ever reject, the next instance tries again.
            shared = undefined;
            throw error;
          },
        );
        this.proxiesModulesLoading = shared.then((modules) => {
          this.httpProxyAgentModule = modules.http;
          this.httpsProxyAgentModule = modules.https;
          this.socksProxyAgentModule = modules.socks;
          this.socksProxyAgentModuleChecked = modules.socksChecked;
        });
      }
      return this.proxiesModulesLoading;
    }
  };
  Object.defineProperty(Derived, 'name', { value: (Base as { name?: string }).name ?? 'exchange' });
  return Derived as unknown as ExchangeConstructor<C, E>;
}

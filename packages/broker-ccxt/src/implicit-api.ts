/*
 * A ccxt exchange defines its "implicit API" (one method per REST endpoint: `publicGetExchangeInfo`,
 * `sapiPostAssetDust`, …, each under a camelCase and a snake_case name) in every constructor call. For
 * Binance that is ~1,500 endpoints whose names are built by splitting, capitalising and joining strings:
 * ~2 ms of CPU per `new ccxt.binance()`, ~40 % of the construction, paid once per account although the
 * names depend only on the exchange class.
 *
 * So the names are worked out once per process and class — by running ccxt's own `defineRestApi` over the
 * class's API table with a recorder, never by a copy of its naming rules — and each instance gets only its
 * own methods: one closure per endpoint, bound to that instance, with exactly the body ccxt 4.5's
 * `defineRestApiEndpoint` gives it. Nothing of one instance reaches another: what is shared is the
 * endpoint table (names, paths, HTTP methods, costs), frozen, which holds no credential, nonce or
 * rate-limit state. ccxt offers no documented way to skip this work (it documents sharing loaded markets,
 * not construction); `test/implicit-api.test.ts` checks every endpoint against an unmodified instance.
 */

/** One endpoint of the implicit API, as ccxt's `defineRestApiEndpoint` receives it. */
interface ImplicitEndpoint {
  /** The instance properties ccxt assigns the endpoint's method to (camelCase and snake_case). */
  readonly names: readonly string[];
  /** The instance method every endpoint calls (`request`). */
  readonly methodName: string;
  readonly path: string;
  /** The API the path belongs to: `public`, or a path of sections such as `['sapi', 'v2']`. */
  readonly typeArgument: unknown;
  readonly uppercaseMethod: string;
  /** The endpoint's cost and flags, read (never written) by ccxt's rate limiter and signer. */
  readonly config: unknown;
}

/** ccxt's `defineRestApi` and `defineRestApiEndpoint` (prototype methods), and what they use of `this`. */
interface ApiDefiner {
  readonly id?: unknown;
  /** An instance property in ccxt (its string helper), not a prototype method. */
  capitalize(text: string): string;
  defineRestApi(api: unknown, methodName: string, paths?: string[]): void;
  defineRestApiEndpoint(
    methodName: string,
    uppercaseMethod: string,
    lowercaseMethod: string,
    camelcaseMethod: string,
    path: string,
    paths: string[],
    config?: unknown,
  ): void;
}

/** A constructor of a ccxt exchange class. */
export type ExchangeConstructor<C, E> = new (config: C) => E;

/** Freezes a plain value and everything in it, so that a table shared between instances cannot change. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const entry of Object.values(value)) deepFreeze(entry);
  }
  return value;
}

/**
 * Every endpoint of `api`, in ccxt's order, recorded by running ccxt's own `defineRestApi` (from
 * `prototype`) with a recorder in place of `defineRestApiEndpoint`; each endpoint's names are those ccxt's
 * own `defineRestApiEndpoint` assigns on a scratch object. `instance` lends its id and string helper.
 */
function recordEndpoints(prototype: ApiDefiner, instance: ApiDefiner, api: unknown, methodName: string): ImplicitEndpoint[] {
  const endpoints: ImplicitEndpoint[] = [];
  const capitalize = instance.capitalize;
  const recorder: ApiDefiner = {
    id: instance.id,
    capitalize,
    defineRestApi: prototype.defineRestApi,
    defineRestApiEndpoint(methodName, uppercaseMethod, lowercaseMethod, camelcaseMethod, path, paths, config = {}) {
      const scratch = { capitalize } as Partial<ApiDefiner> & Record<string, unknown>;
      prototype.defineRestApiEndpoint.call(scratch as ApiDefiner, methodName, uppercaseMethod, lowercaseMethod, camelcaseMethod, path, paths, config);
      const names = Object.keys(scratch).filter((name) => name !== 'capitalize');
      const typeArgument = paths.length > 1 ? [...paths] : paths[0];
      endpoints.push(deepFreeze({ names, methodName, path, typeArgument, uppercaseMethod, config }));
    },
  };
  recorder.defineRestApi(api, methodName);
  return endpoints;
}

/**
 * A subclass of the ccxt exchange class `Base` that defines its implicit API from a table recorded at the
 * first construction: same method names, same behaviour, a fraction of the CPU. Only the top-level call
 * ccxt's constructor makes (`defineRestApi(this.api, 'request')`) is served from the table; any other call
 * goes to ccxt. Every instance must be given the class's own API table, which holds as long as no `api`
 * option is passed to the constructor (this broker never passes one).
 */
export function withRecordedImplicitApi<C, E>(Base: ExchangeConstructor<C, E>): ExchangeConstructor<C, E> {
  const prototype = Base.prototype as ApiDefiner;
  let table: { readonly methodName: string; readonly endpoints: readonly ImplicitEndpoint[] } | undefined;
  const Derived = class extends (Base as unknown as new (config: C) => ApiDefiner & Record<string, unknown>) {
    override defineRestApi(api: unknown, methodName: string, paths: string[] = []): void {
      if (paths.length > 0 || (table !== undefined && table.methodName !== methodName)) {
        super.defineRestApi(api, methodName, paths);
        return;
      }
      table ??= { methodName, endpoints: recordEndpoints(prototype, this, api, methodName) };
      for (const endpoint of table.endpoints) {
        const { path, typeArgument, uppercaseMethod, config } = endpoint;
        const method = endpoint.methodName;
        // ccxt 4.5's defineRestApiEndpoint body, bound to this instance.
        const partial = async (params = {}, context = {}): Promise<unknown> =>
          (this[method] as (...args: unknown[]) => Promise<unknown>)(path, typeArgument, uppercaseMethod, params, undefined, undefined, config, context);
        for (const name of endpoint.names) this[name] = partial;
      }
    }
  };
  Object.defineProperty(Derived, 'name', { value: (Base as { name?: string }).name ?? 'exchange' });
  return Derived as unknown as ExchangeConstructor<C, E>;
}

import { appendFileSync } from 'node:fs';

/*
 * ESM loader hooks that append every resolved module URL to the file named by FC_MODULE_TRACE, one per
 * line: how the start-up benchmark sees which packages a command loads (is ccxt among them?). Registered by
 * module-trace-register.ts with `node --import`. Hooks run off the main thread, so the file is the channel.
 */

interface ResolveResult {
  readonly url: string;
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

const traceFile = process.env['FC_MODULE_TRACE'];

/** Records each module as it is resolved (the first import of a URL and every later one: deduplicated by the reader). */
export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<ResolveResult> {
  const result = await nextResolve(specifier, context);
  if (traceFile !== undefined) appendFileSync(traceFile, `${result.url}\n`);
  return result;
}

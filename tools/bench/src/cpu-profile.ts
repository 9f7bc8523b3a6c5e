import { Session } from 'node:inspector/promises';

/*
 * Where a benchmark's CPU goes, by package: V8's sampling profiler (through the inspector, in this process)
 * while the measured work runs, each sample's self time charged to the package of the function it was in.
 * The profiler costs a little CPU itself, so a profiled run is for the shares, never for the wall time.
 */

/** A V8 CPU profile, as far as it is read here. */
interface Profile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string } }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one package (or of V8 / Node itself) in a profile. */
export interface PackageShare {
  /** `axios`, `ccxt`, `@forced-cleanup/engine`, `node` (Node's own JavaScript), `gc`, `native`, `idle`, … */
  readonly name: string;
  readonly selfMs: number;
}

/** Started profiler; `stop` ends it and returns the self time by package, largest first. */
export interface RunningProfile {
  stop(): Promise<PackageShare[]>;
}

/** Starts V8's sampling profiler in this process (every `intervalUs` microseconds). */
export async function startCpuProfile(intervalUs = 500): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
      session.disconnect();
      return sharesByPackage(profile);
    },
  };
}

/** The package a function belongs to, from its script's URL. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'gc';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'program';
    return 'native';
  }
  if (url.startsWith('node:')) return 'node';
  // pnpm's layout: node_modules/.pnpm/<name>@<version>[_<peers>]/node_modules/<name>/…; scoped names use `+`.
  const dependency = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency?.[1]) return dependency[1];
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (plain?.[1]) return plain[1];
  const ours = /\/(?:packages|tools)\/([^/]+)\//.exec(url);
  if (ours?.[1]) return `@forced-cleanup/${ours[1]}`;
  return 'other';
}

/** Self time by package, largest first. */
export function sharesByPackage(profile: Profile): PackageShare[] {
  const packageOfNode = new Map(profile.nodes.map((node) => [node.id, packageOf(node.callFrame.url, node.callFrame.functionName)]));
  const selfUs = new Map<string, number>();
  profile.samples.forEach((nodeId, i) => {
    const name = packageOfNode.get(nodeId) ?? 'other';
    selfUs.set(name, (selfUs.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...selfUs]
    .map(([name, us]) => ({ name, selfMs: us / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

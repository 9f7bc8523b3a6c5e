import { describe, expect, it } from 'vitest';
import { packageOf, sharesByPackage, startCpuProfile } from '../src/cpu-profile.js';

describe('CPU by package', () => {
  it('names the package of a script from its URL (pnpm layout, scoped, ours, Node, V8)', () => {
    expect(packageOf('file:///r/node_modules/.pnpm/axios@1.21.1/node_modules/axios/dist/node/axios.cjs', 'request')).toBe('axios');
    expect(packageOf('file:///r/node_modules/.pnpm/@noble+hashes@1.8.0/node_modules/@noble/hashes/sha2.js', 'f')).toBe('@noble/hashes');
    expect(packageOf('file:///r/node_modules/.pnpm/ccxt@4.5.84_utf-8-validate@5.0.10/node_modules/ccxt/js/src/binance.js', 'sign')).toBe('ccxt');
    expect(packageOf('file:///r/packages/engine/dist/execute-plan.js', 'run')).toBe('@forced-cleanup/engine');
    expect(packageOf('node:internal/crypto/sig', 'signOneShot')).toBe('node');
    expect(packageOf('', '(garbage collector)')).toBe('gc');
    expect(packageOf('', 'writev')).toBe('native');
  });

  it('charges each sample to its package, largest first', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' } },
        { id: 2, callFrame: { functionName: 'a', url: 'file:///r/packages/core/dist/plan.js' } },
        { id: 3, callFrame: { functionName: 'b', url: 'node:internal/x' } },
      ],
      samples: [2, 3, 2, 2],
      timeDeltas: [1000, 4000, 1000, 1000],
    };
    expect(sharesByPackage(profile)).toEqual([
      { name: 'node', selfMs: 4 },
      { name: '@forced-cleanup/core', selfMs: 3 },
    ]);
  });

  it('profiles this process: busy work shows up under this package', async () => {
    const profile = await startCpuProfile(200);
    let x = 0;
    const until = performance.now() + 60;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    const shares = await profile.stop();
    expect(x).toBeGreaterThan(0);
    expect(shares.find((share) => share.name === '@forced-cleanup/bench')?.selfMs ?? 0).toBeGreaterThan(0);
  });
});

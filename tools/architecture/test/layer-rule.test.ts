import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function lintAs(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the layer rule (contract ← core ← engine ← cli; contract ← broker-*)', () => {
  it.each([
    ['packages/core/src/x.ts', '@forced-cleanup/engine'],
    ['packages/core/src/x.ts', '@forced-cleanup/broker-paper'],
    ['packages/contract/src/x.ts', '@forced-cleanup/core'],
    ['packages/engine/src/x.ts', '@forced-cleanup/broker-paper'],
    ['packages/engine/src/x.ts', '@forced-cleanup/cli'],
    ['packages/cli/src/x.ts', '@forced-cleanup/broker-paper'],
    ['packages/broker-paper/src/x.ts', '@forced-cleanup/core'],
    ['packages/broker-paper/src/x.ts', '@forced-cleanup/broker-ccxt'],
  ])('%s may not import %s', async (file, target) => {
    const messages = await lintAs(file, `import { x } from '${target}';\nexport const y = x;\n`);
    expect(messages.some((m) => m.startsWith('no-restricted-imports') && m.includes('layer rule'))).toBe(true);
  });

  it.each([
    ['packages/core/src/x.ts', '@forced-cleanup/contract'],
    ['packages/engine/src/x.ts', '@forced-cleanup/core'],
    ['packages/cli/src/x.ts', '@forced-cleanup/engine'],
    ['packages/broker-paper/src/x.ts', '@forced-cleanup/contract'],
  ])('%s may import %s', async (file, target) => {
    const messages = await lintAs(file, `import { x } from '${target}';\nexport const y = x;\n`);
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toEqual([]);
  });

  it('no package reaches into another by a relative path', async () => {
    const messages = await lintAs('packages/engine/src/x.ts', "import { x } from '../../core/src/index.js';\nexport const y = x;\n");
    expect(messages.some((m) => m.includes('never by a relative path'))).toBe(true);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", 'no I/O'],
    ['export const t = Date.now();\n', 'time as an argument'],
    ['export const t = new Date();\n', 'time as an argument'],
    ['export const r = Math.random();\n', 'deterministic'],
    ['export const e = process.env;\n', 'pure'],
  ])('core stays pure: %j is refused', async (source, message) => {
    const messages = await lintAs('packages/core/src/x.ts', source);
    expect(messages.some((m) => m.includes(message))).toBe(true);
  });

  it.each(['packages/core/src/x.ts', 'packages/engine/src/x.ts', 'packages/broker-coinbase/src/x.ts', 'packages/bot-hook/src/x.ts'])(
    'no AsyncLocalStorage in shipped code (%s): it turns on promise hooks process-wide on Node 20',
    async (file) => {
      for (const source of ["import { AsyncLocalStorage } from 'node:async_hooks';\nexport const s = new AsyncLocalStorage();\n", "export const h = import('async_hooks');\n"]) {
        const messages = await lintAs(file, source);
        expect(messages.some((m) => m.includes('promise hooks'))).toBe(true);
      }
    },
  );
});

describe('package dependencies follow the same direction', () => {
  const allowed: Record<string, string[]> = {
    contract: [],
    core: ['contract'],
    engine: ['contract', 'core'],
    cli: ['contract', 'core', 'engine', 'broker-*'],
    'bot-hook': ['contract', 'core', 'engine', 'broker-*'],
  };
  const packagesDir = join(root, 'packages');
  for (const name of readdirSync(packagesDir).filter((dir) => existsSync(join(packagesDir, dir, 'package.json')))) {
    it(`packages/${name}`, () => {
      const manifest = JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      const ours = Object.keys(manifest.dependencies ?? {})
        .filter((dep) => dep.startsWith('@forced-cleanup/'))
        .map((dep) => dep.slice('@forced-cleanup/'.length));
      const rule = allowed[name] ?? (name.startsWith('broker-') ? ['contract'] : []);
      // The CLI and the hook may *install* built-in brokers (so the loader can find them) but never import one:
      // the lint test above covers imports.
      for (const dep of ours) {
        expect(rule.some((entry) => entry === dep || (entry === 'broker-*' && dep.startsWith('broker-'))), `${name} → ${dep}`).toBe(true);
      }
    });
  }
});

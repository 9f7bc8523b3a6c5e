import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The generator's promise: a package that compiles and runs the conformance kit. It is generated into a
 * scratch copy of the monorepo's layout (a temporary directory with `packages/`, the real
 * tsconfig.base.json and the root node_modules linked in) — never into this repository, where other work
 * goes on — with its workspace dependencies linked the way pnpm links them. Then the real TypeScript
 * compiler type-checks and builds it, the engine's way of loading a plugin finds it, and the real vitest
 * runs its conformance test.
 */

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const templatePackage = resolve(here, '..');
const repoRoot = resolve(templatePackage, '..', '..');
const generator = join(templatePackage, 'bin', 'new-broker.mjs');

let root: string;
let generated: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fc-new-broker-'));
  await symlink(join(repoRoot, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  await symlink(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  generated = join(root, 'packages', 'broker-zebra-x');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Links `name` into the generated package's node_modules, from this package's own (pnpm-installed) copy. */
async function linkDependency(name: string): Promise<void> {
  const target = join(generated, 'node_modules', name);
  await mkdir(dirname(target), { recursive: true });
  await symlink(await realpath(join(templatePackage, 'node_modules', name)), target, 'dir');
}

describe('new-broker generator', () => {
  it('scaffolds packages/broker-<name> and its changeset, with the name in every place', async () => {
    const { stdout } = await run(process.execPath, [generator, 'zebra-x', '--root', root]);
    expect(stdout).toContain('Scaffolded @forced-cleanup/broker-zebra-x:');
    const manifest = JSON.parse(await readFile(join(generated, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: '@forced-cleanup/broker-zebra-x',
      type: 'module',
      nx: { tags: ['layer:broker'] },
      dependencies: { '@forced-cleanup/contract': 'workspace:*', zod: '4.6.7' },
      devDependencies: { '@forced-cleanup/broker-testkit': 'workspace:*' },
    });
    const connection = await readFile(join(generated, 'src', 'zebra-x-connection.ts'), 'utf8');
    expect(connection).toContain('export class ZebraXConnection implements BrokerConnection');
    expect(connection).not.toMatch(/acme/i);
    expect(await readFile(join(root, '.changeset', 'broker-zebra-x.md'), 'utf8')).toContain('"@forced-cleanup/broker-zebra-x": minor');
  });

  it('refuses a bad name and an existing package, writing nothing', async () => {
    await expect(run(process.execPath, [generator, 'Zebra_X', '--root', root])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('is not a broker name') });
    await expect(run(process.execPath, [generator, 'zebra-x', '--root', root])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });
  });

  it('type-checks and builds with the repository compiler settings, and loads as a broker plugin', async () => {
    for (const name of ['@forced-cleanup/contract', '@forced-cleanup/broker-testkit', 'zod']) await linkDependency(name);
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit'], { cwd: generated });
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: generated });
    const module = (await import(pathToFileURL(join(generated, 'dist', 'index.js')).href)) as { default: { name: string; contractVersion: number; connect: unknown } };
    expect(module.default.name).toBe('zebra-x');
    expect(module.default.contractVersion).toBe(1);
    expect(typeof module.default.connect).toBe('function');
  }, 60_000);

  it('passes the broker conformance suite as generated', async () => {
    const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
    const report = join(root, 'conformance.json');
    await run(process.execPath, [vitest, 'run', '--reporter=json', `--outputFile.json=${report}`], { cwd: generated, env: { ...process.env, NO_COLOR: '1' } });
    const result = JSON.parse(await readFile(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTotalTests: number };
    expect(result.numFailedTests).toBe(0);
    // Every case but dust conversion, which the scaffold does not declare (the suite skips it for that reason).
    expect(result).toMatchObject({ numPendingTests: 1, numPassedTests: result.numTotalTests - 1 });
    expect(result.numPassedTests).toBeGreaterThanOrEqual(20);
  }, 90_000);
});

#!/usr/bin/env node
// The project's test command: runs every package's tests through nx (which builds what they depend on),
// then prints one closing line `N passed, N failed` summed over all packages, read from the JSON report
// each package's vitest run writes to reports/vitest.json (restored by nx from its cache for cached runs).
// Exits non-zero when nx failed, when any test failed, or when no test ran at all.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const extra = process.argv.slice(2);
const nx = join(root, 'node_modules', '.bin', 'nx');
// Stale reports must not count: nx restores the report of every cached run from its cache.
for (const group of ['packages', 'tools']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) rmSync(join(dir, name, 'reports'), { recursive: true, force: true });
}
const run = spawnSync(nx, ['run-many', '-t', 'test', '--outputStyle=stream', ...extra], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NX_TUI: 'false', NX_DAEMON: 'false' },
});

let passed = 0;
let failed = 0;
let skipped = 0;
const perPackage = [];
for (const group of ['packages', 'tools']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, 'reports', 'vitest.json');
    if (!existsSync(report)) continue;
    const data = JSON.parse(readFileSync(report, 'utf8'));
    passed += data.numPassedTests ?? 0;
    failed += data.numFailedTests ?? 0;
    skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
    perPackage.push(`${group}/${name}: ${data.numPassedTests} passed, ${data.numFailedTests} failed`);
  }
}
for (const line of perPackage) console.log(`  ${line}`);
const status = run.status ?? 1;
if (status !== 0 && failed === 0) failed = 1; // a package that crashed before reporting still fails the run
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);

// Shared by the launchers (<name>.mjs): runs one benchmark from dist/, building the package (and what it
// depends on) first when dist/ is missing, and re-executing node with the flags the benchmark needs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** Builds the bench package and its dependencies through nx (cached when nothing changed). */
export function ensureBuilt() {
  const result = spawnSync(join(root, 'node_modules', '.bin', 'nx'), ['run', '@forced-cleanup/bench:build', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_TUI: 'false', NX_DAEMON: 'false' },
  });
  if (result.status !== 0) {
    console.error('bench: the build failed (run `pnpm build` at the repository root to see why)');
    process.exit(result.status ?? 1);
  }
}

/**
 * Runs dist/<module>.js's main(argv). With `nodeFlags`, re-executes node with them first (e.g. --expose-gc
 * for heap figures) unless they are already in effect.
 */
export async function launch(module, { nodeFlags = [] } = {}) {
  const missing = nodeFlags.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length > 0) {
    const child = spawnSync(process.execPath, [...process.execArgv, ...missing, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(child.status ?? 1);
  }
  const entry = join(here, 'dist', `${module}.js`);
  if (!existsSync(entry)) ensureBuilt();
  const { main } = await import(pathToFileURL(entry).href);
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`bench ${module}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

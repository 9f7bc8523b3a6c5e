#!/usr/bin/env node
// Scaffolds a new broker package from tools/broker-template/template:
//
//   node tools/broker-template/bin/new-broker.mjs <name> [--root <dir>]
//
// writes <root>/packages/broker-<name>/ (a package that compiles and passes the broker conformance suite
// against the kit's in-memory exchange) and <root>/.changeset/broker-<name>.md. <root> defaults to this
// repository. Refuses to overwrite anything. Then: `flock /tmp/pnpm.lock pnpm install` and
// `pnpm --filter @forced-cleanup/broker-<name> test`; docs/writing-a-broker-plugin.md says what comes next.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const templateDir = resolve(here, '..', 'template');
const defaultRoot = resolve(here, '..', '..', '..');

/** Placeholder forms in the template, and how each is derived from the new name. */
function replacementsFor(name) {
  const words = name.split('-');
  return [
    ['Acme', words.map((word) => word[0].toUpperCase() + word.slice(1)).join('')],
    ['ACME', words.join('_').toUpperCase()],
    ['acme', name],
  ];
}

function substitute(text, replacements) {
  return replacements.reduce((result, [from, to]) => result.split(from).join(to), text);
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((path) => statSync(join(dir, path)).isFile());
}

function fail(message) {
  console.error(`new-broker: ${message}`);
  process.exit(2);
}

function parseArguments(argv) {
  const args = [...argv];
  let root = defaultRoot;
  const names = [];
  while (args.length > 0) {
    const arg = args.shift();
    if (arg === '--root') {
      const value = args.shift();
      if (!value) fail('--root needs a directory');
      root = resolve(value);
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: node tools/broker-template/bin/new-broker.mjs <name> [--root <dir>]\n  <name>: lower-case letters, digits and dashes, e.g. bitstamp or gate-io');
      process.exit(0);
    } else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else names.push(arg);
  }
  if (names.length !== 1) fail('give exactly one broker name, e.g. bitstamp');
  const name = names[0].replace(/^broker-/, '');
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) fail(`"${name}" is not a broker name: lower-case letters, digits and single dashes, starting with a letter`);
  if (['paper', 'ccxt', 'testkit', 'template'].includes(name)) fail(`"${name}" is taken`);
  return { name, root };
}

const { name, root } = parseArguments(process.argv.slice(2));
const replacements = replacementsFor(name);
const packageDir = join(root, 'packages', `broker-${name}`);
const changeset = join(root, '.changeset', `broker-${name}.md`);
for (const target of [packageDir, changeset]) if (existsSync(target)) fail(`${target} already exists: nothing was written`);

const written = [];
for (const file of filesUnder(templateDir)) {
  if (file === 'changeset.md') continue;
  const target = join(packageDir, substitute(file, replacements));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, substitute(readFileSync(join(templateDir, file), 'utf8'), replacements));
  written.push(target);
}
mkdirSync(dirname(changeset), { recursive: true });
writeFileSync(changeset, substitute(readFileSync(join(templateDir, 'changeset.md'), 'utf8'), replacements));
written.push(changeset);

console.log(`Scaffolded @forced-cleanup/broker-${name}:`);
for (const file of written) console.log(`  ${relative(root, file)}`);
console.log(`Next:
  flock /tmp/pnpm.lock pnpm install
  pnpm --filter @forced-cleanup/broker-${name} test     # the conformance suite, against the kit's in-memory exchange
  then follow packages/broker-${name}/README.md and docs/writing-a-broker-plugin.md`);

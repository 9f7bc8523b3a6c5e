#!/usr/bin/env node
// `pnpm bench`: builds the bench package (and what it depends on), then runs every benchmark in its own
// node process, one after the other, and prints their figure lines. A copy of the output, with the machine
// and its load, goes to tools/bench/reports/bench-<time>.txt. Options after `--` are not passed on: run a
// benchmark on its own (node tools/bench/<name>.mjs --name=value …) to change its options.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './lib-launch.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ['planner', 'entry-gate', 'api-calls', 'multi-account', 'client-floor', 'startup'];
const lines = [];

function emit(line) {
  lines.push(line);
  process.stdout.write(`${line}\n`);
}

function machineLine(label) {
  const [one, five] = loadavg();
  const cpu = cpus()[0]?.model ?? 'unknown';
  return `machine when=${label} cpu=${JSON.stringify(cpu)} cores=${cpus().length} memory=${Math.round(totalmem() / 2 ** 30)}GiB free=${Math.round(freemem() / 2 ** 30)}GiB node=${process.version} load1=${one.toFixed(2)} load5=${five.toFixed(2)}`;
}

function run(name) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(here, `${name}.mjs`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk.toString();
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        emit(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    });
    child.on('close', (code) => {
      if (pending) emit(pending);
      emit(`bench-run benchmark=${name} exit=${code} time=${((performance.now() - started) / 1000).toFixed(1)}s`);
      resolve(code ?? 1);
    });
  });
}

ensureBuilt();
emit(machineLine('start'));
let failed = 0;
for (const name of BENCHMARKS) if ((await run(name)) !== 0) failed++;
emit(machineLine('end'));
const reports = join(here, 'reports');
mkdirSync(reports, { recursive: true });
const file = join(reports, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`);
writeFileSync(file, `${lines.join('\n')}\n`);
console.error(`# figures written to ${file}`);
process.exit(failed === 0 ? 0 : 1);

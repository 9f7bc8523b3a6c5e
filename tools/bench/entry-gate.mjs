#!/usr/bin/env node
// Benchmark 2, the entry gate: node tools/bench/entry-gate.mjs [--calls=20000000] [--hook-calls=2000000] [--repeats=5]
import { launch } from './lib-launch.mjs';

await launch('entry-gate-bench');

#!/usr/bin/env node
// Benchmark 1, the planner: node tools/bench/planner.mjs [--sizes=10000,100000,1000000] [--repeats=5]
import { launch } from './lib-launch.mjs';

await launch('planner-bench', { nodeFlags: ['--expose-gc'] });

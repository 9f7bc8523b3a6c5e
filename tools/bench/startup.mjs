#!/usr/bin/env node
// Benchmark 5, start-up of the CLI: node tools/bench/startup.mjs [--runs=10]
import { launch } from './lib-launch.mjs';

await launch('startup-bench');

#!/usr/bin/env node
// Benchmark 4b, the client's CPU per request by layer (node:http alone, then the broker plugin and its
// exchange library): node tools/bench/client-floor.mjs [--sells=3000] [--concurrency=16] [--exchanges=coinbase,binance]
import { launch } from './lib-launch.mjs';

await launch('client-floor-bench');

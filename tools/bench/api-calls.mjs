#!/usr/bin/env node
// Benchmark 3, API calls per account: node tools/bench/api-calls.mjs [--sizes=10,100,1000] [--exchanges=coinbase,binance,kraken]
import { launch } from './lib-launch.mjs';

await launch('api-calls-bench');

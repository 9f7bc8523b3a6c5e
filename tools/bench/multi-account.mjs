#!/usr/bin/env node
// Benchmark 4, multi-account wall time: node tools/bench/multi-account.mjs [--users=100] [--exchanges=coinbase,binance]
//   [--latency-ms=50] [--concurrency=0,64] [--also-users=10,40] [--sequential-sample=10] [--full-sequential] [--journal=disk|tmpfs]
import { launch } from './lib-launch.mjs';

await launch('multi-account-bench');

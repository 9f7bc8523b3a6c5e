import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { optionsFromEnv } from '@forced-cleanup/bot-hook';
import type { BrokerLogger } from '@forced-cleanup/contract';
import { demoAccounts } from './demo-accounts.js';
import { runExampleBot } from './example-bot.js';

/*
 * `example-bot [--cycles 60] [--state DIR] [--delay-ms 0] [--quiet]`: runs the example bot on the demo
 * accounts and prints what the forced cleanup did. FORCED_CLEANUP_* variables apply (optionsFromEnv).
 * A fresh temporary state directory is used unless --state is given (then a rerun continues from it).
 */
const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '60' },
    state: { type: 'string' },
    'delay-ms': { type: 'string', default: '0' },
    quiet: { type: 'boolean', default: false },
  },
});
const cycles = Number(values.cycles);
const delay = Number(values['delay-ms']);
if (!Number.isInteger(cycles) || cycles < 0 || !Number.isInteger(delay) || delay < 0) {
  console.error('example-bot: --cycles and --delay-ms take whole numbers ≥ 0');
  process.exit(2);
}
const stateDir = values.state ? resolve(values.state) : mkdtempSync(join(tmpdir(), 'example-bot-'));
const line = (level: string) => (message: string) => console.log(`${level} ${message}`);
const logger: BrokerLogger = values.quiet ? { info() {}, warn: line('WARN'), error: line('ERROR') } : { info: line('INFO'), warn: line('WARN'), error: line('ERROR') };

let hookOptions;
try {
  // A bad FORCED_CLEANUP_* value stops the bot here, before it trades.
  hookOptions = optionsFromEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const result = await runExampleBot({ stateDir, accounts: demoAccounts(), cycles, cycleDelayMs: delay, hookOptions, logger });
const { outcomes: o } = result.tracker.statistics;
console.log(`example-bot: ${result.cyclesRun} cycles, ${result.entries} entries (${result.blockedEntries} blocked by the cap)`);
console.log(`  cleanup runs: ${result.outcomes.map((r) => `${r.trigger}${r.cycle === null ? '' : ` ${r.cycle}`}: ${r.status}`).join(', ')}`);
console.log(`  forced exits: ${o.WIN} win, ${o.LOSS} loss, ${o.BREAKEVEN} breakeven, ${o.UNKNOWN} unknown; $${result.tracker.statistics.proceedsUsd.toFixed(2)} received`);
console.log(`  state: ${stateDir}`);

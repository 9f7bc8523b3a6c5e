import { startExchangeSim, type ExchangeSim } from '@forced-cleanup/exchange-sim';
import { FleetRequestSchema, type FleetReply, type SimTally } from './sim-fleet-messages.js';

/*
 * The child process of a sim fleet: starts the simulators it is asked for, counts what they served, stops
 * them. Running them here leaves the benchmark's own process to the engine and the broker clients, as a
 * real exchange would be on other machines: a 2-core machine gives each side a core.
 */

let sims: ExchangeSim[] = [];
let cpuAtStart = process.cpuUsage();

function reply(message: FleetReply): void {
  process.send?.(message);
}

function tally(sim: ExchangeSim): SimTally {
  const counts: SimTally = { read: 0, orderPlacing: 0, cancelling: 0, other: 0, rateLimited: 0 };
  for (const record of sim.requests) {
    if (record.status === 429 || record.status === 418) counts.rateLimited++;
    else if (record.kind === 'read') counts.read++;
    else if (record.kind === 'order_placing') counts.orderPlacing++;
    else if (record.kind === 'cancelling') counts.cancelling++;
    else counts.other++;
  }
  return counts;
}

async function handle(raw: unknown): Promise<void> {
  const request = FleetRequestSchema.parse(raw);
  if (request.type === 'start') {
    sims = await Promise.all(request.sims.map((spec) => startExchangeSim({ exchange: spec.exchange, state: spec.state, latencyMs: spec.latencyMs, rateLimit: spec.rateLimit })));
    cpuAtStart = process.cpuUsage();
    reply({ type: 'started', urls: sims.map((sim) => sim.url) });
  } else if (request.type === 'tally') {
    const cpu = process.cpuUsage(cpuAtStart);
    reply({ type: 'tally', tallies: sims.map(tally), cpuMs: (cpu.user + cpu.system) / 1000 });
  } else {
    await Promise.all(sims.map((sim) => sim.stop()));
    sims = [];
    reply({ type: 'stopped' });
    process.disconnect?.();
  }
}

process.on('message', (raw) => {
  handle(raw).catch((error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

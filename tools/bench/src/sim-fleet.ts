import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FleetReplySchema, type FleetReply, type FleetRequest, type FleetSim, type SimTally } from './sim-fleet-messages.js';

/*
 * Many simulators in one child process (see sim-fleet-child.ts), driven over IPC: start them, count what
 * each served, stop them. One sim per account, because a sim holds one portfolio and the accounts of a
 * platform do not share balances.
 */

/** Running simulators, in the order they were asked for. */
export interface SimFleet {
  /** Each sim's `http://127.0.0.1:PORT`. */
  readonly urls: readonly string[];
  /** What each sim served so far, and the CPU time the sims' process spent since they started. */
  tally(): Promise<{ tallies: SimTally[]; cpuMs: number }>;
  /** Stops every sim and the child process. */
  stop(): Promise<void>;
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'sim-fleet-child.js');

/** Sends a request and waits for the reply of the expected type (an `error` reply rejects). */
function ask<T extends FleetReply['type']>(child: ChildProcess, request: FleetRequest, expected: T): Promise<Extract<FleetReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (raw: unknown) => {
      const parsed = FleetReplySchema.safeParse(raw);
      cleanup();
      if (!parsed.success) reject(new Error(`sim fleet: unexpected message ${JSON.stringify(raw).slice(0, 200)}`));
      else if (parsed.data.type === 'error') reject(new Error(`sim fleet: ${parsed.data.message}`));
      else if (parsed.data.type !== expected) reject(new Error(`sim fleet: expected ${expected}, got ${parsed.data.type}`));
      else resolve(parsed.data as Extract<FleetReply, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`sim fleet: the child exited (code ${code}) before answering ${request.type}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(request);
  });
}

/** Starts `sims` in a child process. */
export async function startSimFleet(sims: readonly FleetSim[]): Promise<SimFleet> {
  const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const started = await ask(child, { type: 'start', sims: [...sims] }, 'started');
    return {
      urls: started.urls,
      tally: async () => {
        const reply = await ask(child, { type: 'tally' }, 'tally');
        return { tallies: reply.tallies, cpuMs: reply.cpuMs };
      },
      async stop() {
        await ask(child, { type: 'stop' }, 'stopped');
        if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

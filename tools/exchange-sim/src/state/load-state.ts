import { readFileSync } from 'node:fs';
import { cleanupError } from '@forced-cleanup/contract';
import { SimStateSchema, type SimState } from './schema.js';

/**
 * Validates a state (from a file, a test, or a sample) into the live form the server mutates. The input is
 * never mutated: a test can start several sims from one fixture. Rejects with `invalid_config` naming each
 * bad path, so a typo in a state file never silently becomes an empty portfolio.
 */
export function parseSimState(input: unknown, source = 'state'): SimState {
  const result = SimStateSchema.safeParse(structuredClone(input));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      // A bad record key (asset or market name) carries its real reason one level down.
      const detail = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return `${issue.path.join('.') || '(root)'}: ${detail}`;
    });
    throw cleanupError('invalid_config', `${source} is not a valid exchange-sim state:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** Reads and validates a JSON state file. */
export function readStateFile(path: string): SimState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw cleanupError('invalid_config', `cannot read state file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw cleanupError('invalid_config', `state file ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseSimState(json, `state file ${path}`);
}

import type { CliIo } from '../cli-io.js';
import type { Flags } from '../command-line/parse-command-line.js';

/** Placeholder until the analysis lands. */
export async function configCheckCommand(_flags: Flags, _io: CliIo): Promise<number> {
  return 2;
}

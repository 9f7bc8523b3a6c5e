import type { CliIo } from '../cli-io.js';


/** Placeholder until the analysis lands. */
export async function configSchemaCommand(_io: CliIo): Promise<number> {
  return 2;
}

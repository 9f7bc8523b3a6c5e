import type { CliIo } from '../cli-io.js';
import { configJsonSchema } from '../config/config-json-schema.js';

/** `forced-cleanup config schema`: the JSON Schema of the configuration file, on stdout. */
export async function configSchemaCommand(io: CliIo): Promise<number> {
  io.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
  return 0;
}

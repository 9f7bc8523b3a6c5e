// Writes docs/config.schema.json and the reference block of docs/configuration.md from the contract's
// zod schema (through the built package: run `pnpm build` first). The schema test fails when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../dist/config/config-json-schema.js';
import { REFERENCE_END, REFERENCE_START, renderConfigReference } from '../dist/config/render-config-reference.js';

const docs = new URL('../../../docs/', import.meta.url);
const schema = configJsonSchema();
writeFileSync(new URL('config.schema.json', docs), JSON.stringify(schema, null, 2) + '\n');

const guide = fileURLToPath(new URL('configuration.md', docs));
const text = readFileSync(guide, 'utf8');
const start = text.indexOf(REFERENCE_START);
const end = text.indexOf(REFERENCE_END);
if (start < 0 || end < start) throw new Error(`${guide}: the reference markers are missing`);
writeFileSync(guide, text.slice(0, start) + renderConfigReference(schema) + text.slice(end + REFERENCE_END.length));
console.log('wrote docs/config.schema.json and the reference of docs/configuration.md');

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, undescribedKeys } from '../src/config/config-json-schema.js';
import { REFERENCE_END, REFERENCE_START, renderConfigReference } from '../src/config/render-config-reference.js';
import { freshDir, runCli, runJson } from './run-cli.js';

const docs = new URL('../../../docs/', import.meta.url);
const STALE = 'stale: run `pnpm --filter @forced-cleanup/cli build && pnpm --filter @forced-cleanup/cli gen:schema` and commit the result';

describe('forced-cleanup init', () => {
  it('writes a commented starter that passes config check and runs', () => {
    const dir = freshDir();
    const init = runCli(['init'], { cwd: dir });
    expect(init.status).toBe(0);
    const text = readFileSync(join(dir, 'forced-cleanup.yaml'), 'utf8');
    expect(text.split('\n').filter((line) => line.trim().startsWith('#')).length).toBeGreaterThan(20);
    expect(runCli(['config', 'check'], { cwd: dir }).status).toBe(0);
    const { result, report } = runJson(['--dry-run'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(report.summary).toMatchObject({ accountsProcessed: 1, dustClosed: 2 });
  });

  it('never overwrites a file without --force', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'mine.yaml'), 'keep me');
    const refused = runCli(['init', 'mine.yaml'], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('FileExists');
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('keep me');
    expect(runCli(['init', 'mine.yaml', '--force'], { cwd: dir }).status).toBe(0);
    expect(runCli(['config', 'check', 'mine.yaml'], { cwd: dir }).status).toBe(0);
  });

  it('writes YAML only', () => {
    expect(runCli(['init', 'x.json']).status).toBe(2);
  });
});

describe('the configuration\'s JSON Schema', () => {
  it('docs/config.schema.json is the one generated from the zod schema', () => {
    const committed = readFileSync(new URL('config.schema.json', docs), 'utf8');
    expect(committed, STALE).toBe(JSON.stringify(configJsonSchema(), null, 2) + '\n');
  });

  it('docs/configuration.md holds the reference generated from it', () => {
    const text = readFileSync(new URL('configuration.md', docs), 'utf8');
    const block = text.slice(text.indexOf(REFERENCE_START), text.indexOf(REFERENCE_END) + REFERENCE_END.length);
    expect(block, STALE).toBe(renderConfigReference(configJsonSchema()));
  });

  it('describes every key, forbids inline secrets, and restates the owner pattern', () => {
    const schema = configJsonSchema();
    expect(undescribedKeys(schema)).toEqual([]);
    const account = (schema['properties'] as Record<string, { items: { properties: Record<string, Record<string, unknown>> } }>)['accounts']!.items;
    expect(account.properties['apiSecret']).toMatchObject({ not: {} });
    expect(JSON.stringify(account.properties['owner'])).toContain('platform|user:');
  });

  it('`config schema` prints it', () => {
    const result = runCli(['config', 'schema']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(configJsonSchema());
  });
});

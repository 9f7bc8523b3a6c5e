import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretReader } from '../src/index.js';

describe('credentials from the environment or files, never inline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fc-secrets-'));
  writeFileSync(join(dir, 'secret.txt'), '  s3cr3t-from-file\n');
  writeFileSync(join(dir, 'empty.txt'), '\n');
  const reader = createSecretReader({ KEY: 'k3y-from-env', BLANK: ' ' }, dir);

  it('reads an environment variable or a file relative to the config', () => {
    expect(reader.read('apiKey', { env: 'KEY' })).toBe('k3y-from-env');
    expect(reader.read('apiSecret', { file: 'secret.txt' })).toBe('s3cr3t-from-file');
  });

  it.each([
    [{ env: 'MISSING' }, /apiKey: the environment variable MISSING \(apiKeyEnv\) is not set/],
    [{ env: 'BLANK' }, /BLANK/],
    [{ file: 'nope.txt' }, /cannot read .*nope\.txt \(apiKeyFile\): ENOENT/],
    [{ file: 'empty.txt' }, /is empty/],
    [{}, /apiKey: missing — name it with apiKeyEnv/],
    [{ env: 'KEY', file: 'secret.txt' }, /either apiKeyEnv or apiKeyFile, not both/],
  ])('%j is an invalid_config error naming the option, never the value', (reference, message) => {
    let thrown: unknown;
    try {
      reader.read('apiKey', reference);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'invalid_config', message: expect.stringMatching(message) });
    expect(JSON.stringify(thrown) + String((thrown as Error).stack)).not.toMatch(/k3y-from-env|s3cr3t-from-file/);
  });
});

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CleanupConfigSchema, type CleanupConfig } from '@forced-cleanup/contract';
import { CliError } from './cli-errors.js';

/**
 * Reads a configuration file (YAML or JSON, by extension; other extensions are tried as JSON, then YAML)
 * and validates it. Every problem is reported at once, each with its exact path.
 */
export async function loadConfigFile(path: string): Promise<CleanupConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError('ConfigUnreadable', `cannot read the config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const raw = await parseText(path, text);
  return validateConfig(raw, path);
}

/** Validates a parsed configuration object; `source` names it in errors. */
export function validateConfig(raw: unknown, source: string): CleanupConfig {
  const result = CleanupConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${formatPath(issue.path, raw)}: ${issue.message}`);
  throw new CliError('ConfigInvalid', `${source} has ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
}

async function parseText(path: string, text: string): Promise<unknown> {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return parseJson(path, text);
  if (extension === '.yaml' || extension === '.yml') return parseYaml(path, text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return parseYaml(path, text);
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError('ConfigInvalid', `${path} is not valid JSON: ${(error as Error).message}`);
  }
}

async function parseYaml(path: string, text: string): Promise<unknown> {
  // Loaded only for YAML files: start-up stays fast for everything else.
  const { parseDocument } = await import('yaml');
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const lines = document.errors.map((error) => `  - ${error.message.split('\n')[0]}`);
    throw new CliError('ConfigInvalid', `${path} is not valid YAML:\n${lines.join('\n')}`);
  }
  return document.toJS() as unknown;
}

/** `accounts[2].paper.positions[0].quantity`, with the account's id when it has one. */
function formatPath(path: readonly PropertyKey[], raw: unknown): string {
  if (path.length === 0) return '(the file)';
  let text = '';
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      const id = (node as unknown[] | undefined)?.[key] as { id?: unknown } | undefined;
      text += typeof id?.id === 'string' && text === 'accounts' ? `[${key}] (id "${id.id}")` : `[${key}]`;
    } else {
      text += text ? `.${String(key)}` : String(key);
    }
    node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  }
  return text;
}

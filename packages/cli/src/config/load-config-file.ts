import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { CleanupConfigSchema, type CleanupConfig } from '@forced-cleanup/contract';
import { CliError } from '../cli-errors.js';
import { formatProblem, problem, problemsFromIssues, type ConfigProblem, type Locator } from './config-problems.js';

/** A configuration file as read: its text and what it parsed to. */
export interface ConfigSource {
  readonly path: string;
  readonly text: string;
  /** The parsed document; undefined when the text is not valid YAML/JSON (see `syntaxProblems`). */
  readonly raw: unknown;
  readonly syntaxProblems: readonly ConfigProblem[];
}

/** The top-level keys of the configuration, for "did you mean". */
export const TOP_LEVEL_KEYS: readonly string[] = Object.keys(CleanupConfigSchema.shape);

/**
 * Reads a configuration file (YAML or JSON, by extension; other extensions are tried as JSON, then YAML).
 * Syntax errors are returned as problems with their line, not thrown: `config check` lists them.
 */
export async function readConfigSource(path: string): Promise<ConfigSource> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError('ConfigUnreadable', `cannot read the config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.json' || (extension !== '.yaml' && extension !== '.yml' && looksLikeJson(text))) {
    try {
      return { path, text, raw: JSON.parse(text) as unknown, syntaxProblems: [] };
    } catch (error) {
      if (extension === '.json') {
        return { path, text, raw: undefined, syntaxProblems: [problem([], `not valid JSON: ${(error as Error).message}`, 'syntax', undefined, null)] };
      }
    }
  }
  // Loaded only for YAML: start-up stays fast for everything else.
  const { parseDocument, LineCounter } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => ({
      ...problem([], `not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, 'syntax', undefined, null),
      line: error.linePos?.[0].line ?? null,
      column: error.linePos?.[0].col ?? null,
    }));
    return { path, text, raw: undefined, syntaxProblems: problems };
  }
  return { path, text, raw: document.toJS() as unknown, syntaxProblems: [] };
}

/** The schema's problems with a parsed file, each with its path and (when found) line. */
export async function schemaProblems(source: ConfigSource): Promise<{ config: CleanupConfig | null; problems: ConfigProblem[] }> {
  const result = CleanupConfigSchema.safeParse(source.raw);
  if (result.success) return { config: result.data, problems: [] };
  const locate = await locatorFor(source.text);
  const problems = problemsFromIssues(result.error.issues, source.raw, locate, TOP_LEVEL_KEYS);
  // In file order, so that a reader goes down the file once; problems without a line last.
  return { config: null, problems: problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0)) };
}

/** Reads and validates a configuration file: every problem is reported at once, each with its exact path. */
export async function loadConfigFile(path: string): Promise<CleanupConfig> {
  const source = await readConfigSource(path);
  if (source.syntaxProblems.length > 0) throw invalid(path, source.syntaxProblems);
  const { config, problems } = await schemaProblems(source);
  if (!config) throw invalid(path, problems);
  return config;
}

/** Validates a configuration object that has no file (the demo's); `name` names it in errors. */
export function validateConfig(raw: unknown, name: string): CleanupConfig {
  const result = CleanupConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw invalid(name, problemsFromIssues(result.error.issues, raw, null, TOP_LEVEL_KEYS));
}

function invalid(name: string, problems: readonly ConfigProblem[]): CliError {
  const lines = problems.map((entry) => `  - ${formatProblem(entry, basename(name))}`);
  return new CliError('ConfigInvalid', `${name} has ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
}

function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

/** Where each path is in the text (YAML, or JSON read as YAML: every JSON document is one). */
export async function locatorFor(text: string): Promise<Locator> {
  const { parseDocument, LineCounter, isMap, isNode } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  return (path) => {
    // The deepest part of the path that exists: a missing key points at the entry that lacks it.
    for (let depth = path.length; depth >= 0; depth--) {
      const parentPath = path.slice(0, Math.max(0, depth - 1));
      const parent = depth === 0 ? document.contents : document.getIn(parentPath as unknown[], true);
      const key = path[depth - 1];
      if (depth > 0 && isMap(parent)) {
        const pair = parent.items.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === key);
        if (pair && isNode(pair.key) && pair.key.range) return at(pair.key.range[0]);
      }
      const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return null;
  };
}

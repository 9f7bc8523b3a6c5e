import type { z } from 'zod';

/** One thing wrong with a configuration file, where it is, and which check found it. */
export interface ConfigProblem {
  /** `accounts[2] (id "b").paper.positions[0].quantity`; `(the file)` for the whole file. */
  readonly path: string;
  /** 1-based line and column in the file, when the file is YAML or JSON text and the spot exists in it. */
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
  /** `syntax` (not YAML/JSON), `schema` (a key or value), `conditions` (cancelConditions), `broker` (broker options). */
  readonly check: 'syntax' | 'schema' | 'conditions' | 'broker';
}

/** Finds the line and column of a path in the file's text; null when the path is not in it. */
export type Locator = (path: readonly PropertyKey[]) => { line: number; column: number } | null;

/**
 * zod issues as problems: one per issue, and one per key for unknown keys (so that each points at its
 * own line), with a "did you mean" for a misspelt top-level key.
 */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, locate: Locator | null, topLevelKeys: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const suggestion = issue.path.length === 0 ? closest(key, topLevelKeys) : null;
        problems.push(problem(path, `unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, 'schema', raw, locate));
      }
    } else if (issue.code === 'invalid_key') {
      // "Invalid key in record" says less than the key's own rule (e.g. what an owner looks like).
      const reason = issue.issues[0]?.message;
      problems.push(problem(issue.path, reason ? `invalid key: ${reason}` : issue.message, 'schema', raw, locate));
    } else {
      problems.push(problem(issue.path, issue.message, 'schema', raw, locate));
    }
  }
  return problems;
}

/** A problem at a path of the parsed file. */
export function problem(path: readonly PropertyKey[], message: string, check: ConfigProblem['check'], raw: unknown, locate: Locator | null): ConfigProblem {
  const position = locate?.(path) ?? null;
  return { path: formatPath(path, raw), line: position?.line ?? null, column: position?.column ?? null, message, check };
}

/** `file.yaml:3:5 accounts[0] (id "a").owner: message` — one line per problem. */
export function formatProblem(problem: ConfigProblem, file: string): string {
  const where = problem.line === null ? '' : `${file}:${problem.line}:${problem.column} `;
  return `${where}${problem.path}: ${problem.message}`;
}

/** `accounts[2] (id "b").paper.positions[0].quantity`: the account's id helps find the entry. */
export function formatPath(path: readonly PropertyKey[], raw: unknown): string {
  if (path.length === 0) return '(the file)';
  let text = '';
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      const id = (node as unknown[] | undefined)?.[key] as { id?: unknown } | undefined;
      text += typeof id?.id === 'string' && text === 'accounts' ? `[${key}] (id "${id.id}")` : `[${key}]`;
    } else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) {
      text += text ? `.${String(key)}` : String(key);
    } else {
      text += `[${JSON.stringify(String(key))}]`;
    }
    node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return text;
}

/** The known key nearest to a misspelt one (edit distance ≤ 3, or a prefix of it). */
function closest(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  for (const candidate of known) {
    const distance = candidate.toLowerCase().startsWith(key.toLowerCase()) ? 1 : editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

import type { z } from 'zod';

/*
 * zod issues as messages that name the exact place of the problem, the way a user finds it in their file:
 * `accounts[platform_coinbase].paper.positions[3].quantity: expected a number ≥ 0`. Shared by every broker's
 * options and state validation, so that all of them report bad input the same way.
 */

/** Appends one path segment: `.name` for identifier-like keys, `[key]` for indices and other keys. */
function appendSegment(path: string, segment: PropertyKey): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  const key = String(segment);
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${key}]`;
}

/** Renders `root` followed by the issue path. */
export function renderIssuePath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(appendSegment, root);
}

/** One line per problem; an unknown key is named itself, so a typo is found at once. */
function describeIssue(root: string, issue: z.core.$ZodIssue): string[] {
  const at = renderIssuePath(root, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${appendSegment(at, key)}: unknown option`);
  }
  if (issue.code === 'invalid_key') {
    // zod reports a bad record key as "Invalid key in record"; the key schema's own message says why.
    const inner = issue.issues[0]?.message ?? issue.message;
    return [`${at}: invalid key: ${inner}`];
  }
  return [`${at}: ${issue.message}`];
}

/** Every issue of a failed parse, separated by "; ", each prefixed with its full path under `root`. */
export function describeIssues(root: string, error: z.ZodError): string {
  return error.issues.flatMap((issue) => describeIssue(root, issue)).join('; ');
}

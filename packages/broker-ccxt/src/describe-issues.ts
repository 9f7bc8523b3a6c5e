import type { z } from 'zod';

/*
 * zod issues as messages that name the exact place of the problem, the way a user finds it in their file:
 * `accounts[platform_binance].baseUrl: expected an http:// or https:// URL`.
 */

/** Appends one path segment: `.name` for identifier-like keys, `[key]` for indices and other keys. */
function appendSegment(path: string, segment: PropertyKey): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  const key = String(segment);
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${key}]`;
}

/** One line per problem; an unknown key is named itself, so that a typo is found at once. */
function describeIssue(root: string, issue: z.core.$ZodIssue): string[] {
  const at = issue.path.reduce<string>(appendSegment, root);
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${appendSegment(at, key)}: unknown option`);
  return [`${at}: ${issue.message}`];
}

/** Every issue of a failed parse, separated by "; ", each prefixed with its full path under `root`. */
export function describeIssues(root: string, error: z.ZodError): string {
  return error.issues.flatMap((issue) => describeIssue(root, issue)).join('; ');
}

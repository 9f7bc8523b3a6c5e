import { z } from 'zod';
import { cleanupError } from '@forced-cleanup/contract';

/*
 * Every benchmark takes `--name=value` options (e.g. `--sizes=10000,100000`). They are validated with zod like
 * any other boundary: a misspelt option is an error naming it, never a silent default that would publish a
 * figure of some other run.
 */

/** Reads `--name=value` and bare `--flag` arguments into a record (a flag reads as `"true"`). */
export function argumentRecord(argv: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const argument of argv) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(argument);
    if (!match) throw cleanupError('invalid_config', `unexpected argument "${argument}": options are written --name=value`);
    const name = match[1]!.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    record[name] = match[2] ?? 'true';
  }
  return record;
}

/** Parses the arguments with `schema` (a strict object of string-coercing fields), naming every problem. */
export function parseBenchArgs<S extends z.ZodType>(schema: S, argv: readonly string[]): z.output<S> {
  const parsed = schema.safeParse(argumentRecord(argv));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.') || '?'}: ${issue.message}`);
    throw cleanupError('invalid_config', `bad benchmark options: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** A comma-separated list of whole numbers ≥ 1, e.g. `10000,100000`. */
export const countList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'expected whole numbers separated by commas, e.g. 10000,100000')
  .transform((text) => text.split(',').map(Number))
  .refine((values) => values.every((value) => value >= 1), 'every number must be at least 1');

/** A whole number ≥ 1 written as text. */
export const positiveCount = z.coerce.number().int().min(1);

/** A boolean flag (`--full`, or `--full=false`). */
export const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

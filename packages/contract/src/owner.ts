import { z } from 'zod';

/**
 * Who an account belongs to, in its canonical string form: `platform`, or `user:<id>`.
 * Every owner has one position cap across all of its accounts; two owners never share a cap.
 */
export const OwnerIdSchema = z
  .string()
  .regex(/^(platform|user:[A-Za-z0-9_.@-]+)$/, 'an owner is "platform" or "user:<id>" (letters, digits, _ . @ -)');
/** Canonical owner id: `platform` or `user:<id>`. */
export type OwnerId = z.infer<typeof OwnerIdSchema>;

/**
 * An owner as written in a configuration file: `platform`, `user:<id>`, or `{ user: <id> }`.
 * Parsing yields the canonical {@link OwnerId}.
 */
export const OwnerInputSchema = z
  .union([z.strictObject({ user: z.string().regex(/^[A-Za-z0-9_.@-]+$/, 'a user id has letters, digits, _ . @ -') }), z.string()])
  .transform((value) => (typeof value === 'string' ? value : `user:${value.user}`))
  .pipe(OwnerIdSchema);

/** The platform owner. */
export const PLATFORM_OWNER: OwnerId = 'platform';

/** The canonical owner id of a user. */
export function userOwner(userId: string): OwnerId {
  return `user:${userId}`;
}

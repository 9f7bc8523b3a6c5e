import { z } from 'zod';
import { cleanupError } from '@forced-cleanup/contract';
import { REQUEST_KINDS, type RequestKind, type SimRequest } from './protocol.js';

/**
 * Injected faults: what a flaky exchange does to a client. Each is matched against incoming requests in the
 * order injected; the first match applies and uses up one of its `times`.
 * - `http_429`, `http_5xx`: the exchange's own 429 / 5xx answer; the request is NOT performed.
 * - `timeout`: never answered; the socket is held until the client gives up (or the sim stops).
 * - `connection_reset`: the socket is destroyed at once; the request is NOT performed.
 * - `malformed_json`: HTTP 200 with a truncated JSON body; the request is NOT performed.
 * - `executed_response_lost`: the request IS performed (the order placed, the cancel done), then the socket
 *   is destroyed without an answer — the case a client must resolve by looking the order up.
 */
export const FAULT_KINDS = ['http_429', 'http_5xx', 'timeout', 'connection_reset', 'malformed_json', 'executed_response_lost'] as const;
/** A fault kind; see {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which requests a fault hits; every given field must match (none given: every request). */
export const FaultMatchSchema = z.strictObject({
  /** HTTP method, case-insensitive. */
  method: z.string().min(1).optional(),
  /** A substring of the path (query excluded), e.g. `/orders` or `AddOrder`. */
  pathIncludes: z.string().min(1).optional(),
  /** The request's kind, e.g. `order_placing`. */
  kind: z.enum(REQUEST_KINDS).optional(),
});

/** A fault to inject. */
export const FaultSpecSchema = z.strictObject({
  match: FaultMatchSchema.optional(),
  fault: z.enum(FAULT_KINDS),
  /** For `http_429`: the `Retry-After` seconds (default 1). */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  /** How many matching requests it hits before it is spent (default: until `clearFaults()`). */
  times: z.number().int().positive().optional(),
});
/** A fault to inject. */
export type FaultSpec = z.input<typeof FaultSpecSchema>;

/** A fault that hit a request. */
export interface FaultHit {
  readonly fault: FaultKind;
  readonly retryAfterSeconds: number;
}

interface ActiveFault {
  readonly spec: z.output<typeof FaultSpecSchema>;
  remaining: number;
}

/** The faults currently injected into one sim. */
export class FaultBook {
  private faults: ActiveFault[] = [];

  /** Adds a fault (validated: a bad spec throws `invalid_config`). */
  inject(spec: FaultSpec): void {
    const parsed = FaultSpecSchema.safeParse(spec);
    if (!parsed.success) {
      throw cleanupError('invalid_config', `bad fault: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    this.faults.push({ spec: parsed.data, remaining: parsed.data.times ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this request, consuming one of its uses; null when none matches. */
  take(request: SimRequest, kind: RequestKind): FaultHit | null {
    const active = this.faults.find((candidate) => candidate.remaining > 0 && matches(candidate.spec.match, request, kind));
    if (!active) return null;
    active.remaining -= 1;
    if (active.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== active);
    return { fault: active.spec.fault, retryAfterSeconds: active.spec.retryAfterSeconds ?? 1 };
  }
}

function matches(match: z.output<typeof FaultMatchSchema> | undefined, request: SimRequest, kind: RequestKind): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (match.pathIncludes !== undefined && !request.path.includes(match.pathIncludes)) return false;
  if (match.kind !== undefined && match.kind !== kind) return false;
  return true;
}

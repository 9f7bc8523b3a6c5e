import type { z } from 'zod';
import { expect } from 'vitest';
import { ErrorDataSchema, isCleanupError, type ErrorCode, type ErrorData } from '@forced-cleanup/contract';

/*
 * The checks every case shares. Each broker answer is validated with the contract's schemas before the
 * suite looks at it, and each rejection is checked to be contract error data carrying no secret, so no
 * case can pass on the strength of a malformed answer or a leaky error.
 */

/** A signal that never fires. A fresh one per call, so that no case depends on another's controller. */
export function liveSignal(): AbortSignal {
  return new AbortController().signal;
}

/** A signal that has already fired. */
export function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

/** `value` parsed by `schema`; a failure names the call and the first bad path. */
export function validated<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(root)';
    expect.fail(`${what} returned an answer the contract's schema rejects, at ${path}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** True when `actual` equals `expected` up to float noise (relative 1e-9, absolute for values below 1). */
export function isNear(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(actual), Math.abs(expected));
}

/** Asserts `actual` ≈ `expected` (see {@link isNear}). */
export function expectNear(actual: number, expected: number, what: string): void {
  if (!isNear(actual, expected)) expect.fail(`${what}: expected ${expected}, got ${actual}`);
}

/** Every way an error could be shown to a person or written to a file. */
function renderingsOf(error: unknown): Array<[string, string]> {
  const renderings: Array<[string, string]> = [];
  const add = (how: string, render: () => unknown): void => {
    try {
      const text = render();
      if (typeof text === 'string') renderings.push([how, text]);
    } catch (problem) {
      renderings.push([how, `(rendering threw: ${String(problem)})`]);
    }
  };
  add('JSON.stringify(error)', () => JSON.stringify(error));
  add('String(error)', () => String(error));
  add('error.message', () => (error as { message?: unknown } | null)?.message);
  add('error.stack', () => (error as { stack?: unknown } | null)?.stack);
  return renderings;
}

/** Asserts that no secret appears in any rendering of `error`, naming each leaky rendering (never the secret). */
export function expectNoSecret(error: unknown, secrets: readonly string[], what: string): void {
  const renderings = renderingsOf(error);
  secrets.forEach((secret, index) => {
    if (secret.length === 0) return;
    const leaks = renderings.filter(([, text]) => text.includes(secret)).map(([how]) => how);
    if (leaks.length > 0) expect.fail(`${what}: secret #${index + 1} of the harness appears in ${leaks.join(', ')}`);
  });
}

/** What a rejection must be. */
export interface ExpectedRejection {
  /** The contract error code; omitted: any code. */
  readonly code?: ErrorCode;
  /** The retryable flag; omitted: not checked. */
  readonly retryable?: boolean;
}

/**
 * Awaits a call that must reject, and checks what it rejected with: an `Error` that is contract error data
 * (`JSON.stringify` gives exactly {@link ErrorData}), with the expected code and retryable flag, carrying no
 * secret. Returns the error's data.
 */
export async function expectRejection(call: Promise<unknown>, expected: ExpectedRejection, secrets: readonly string[], what: string): Promise<ErrorData> {
  const outcome = await call.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) {
    expect.fail(`${what}: expected a rejection${expected.code ? ` with ${expected.code}` : ''}, but it resolved with ${JSON.stringify(outcome.value)}`);
  }
  const { error } = outcome;
  expectNoSecret(error, secrets, what);
  if (!(error instanceof Error)) expect.fail(`${what}: rejected with a ${typeof error}, not an Error (a CleanupError)`);
  if (!isCleanupError(error)) expect.fail(`${what}: rejected with a ${error.name} that carries no contract error code: ${error.message}`);
  const data = validated(ErrorDataSchema, JSON.parse(JSON.stringify(error)) as unknown, `${what} (its error, serialised)`);
  if (expected.code !== undefined && data.code !== expected.code) {
    expect.fail(`${what}: expected error code ${expected.code}, got ${data.code} (${data.message})`);
  }
  if (expected.retryable !== undefined && data.retryable !== expected.retryable) {
    expect.fail(`${what}: expected retryable ${expected.retryable} for ${data.code}, got ${data.retryable}`);
  }
  return data;
}

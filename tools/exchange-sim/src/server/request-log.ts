import { appendFileSync } from 'node:fs';
import type { ExchangeName, RequestKind } from './protocol.js';
import type { FaultKind } from './faults.js';

/**
 * One line of the request log. Holds the API key id only: never a secret, a signature or a token. The path
 * has no query string, so Binance signatures and timestamps stay out of the log too.
 */
export interface RequestRecord {
  /** When the request arrived (ISO 8601). */
  readonly at: string;
  readonly exchange: ExchangeName;
  readonly method: string;
  readonly path: string;
  readonly kind: RequestKind;
  /** The HTTP status sent; 0 when no answer was sent (timeout, reset, lost response). */
  readonly status: number;
  /** The key id the request claimed (Coinbase key name, Kraken/Binance API key), or null. */
  readonly apiKey: string | null;
  /** The injected fault that hit it, when one did. */
  readonly fault?: FaultKind;
}

/** The records of one sim, kept in memory and, when a file is given, appended to it as JSON lines. */
export class RequestLog {
  /** Every record so far, oldest first (a live array: tests read it after each call). */
  readonly records: RequestRecord[] = [];

  constructor(private readonly file?: string) {}

  /** Records one request. */
  write(record: RequestRecord): void {
    this.records.push(record);
    // Synchronous so that the file is complete the moment a response has been seen by the client.
    if (this.file !== undefined) appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }
}

/*
 * axios errors carry the whole request: `config.headers` (our `Authorization: Bearer <JWT>`), `request`
 * (Node's ClientRequest, whose `_header` is the raw header block) and the same again under `response`.
 * `AxiosError#toJSON()` even serialises the config. Every failed request of this plugin is stripped down
 * to what error mapping needs before anything else sees it, and never leaves the plugin anyway: callers
 * get a fresh CleanupError built from these few fields.
 */

/** What error mapping reads from an axios error. */
export interface AxiosErrorFacts {
  /** axios or Node error code (`ECONNREFUSED`, `ECONNABORTED`, `ERR_CANCELED`, `ERR_BAD_RESPONSE`, …). */
  readonly code: string | undefined;
  /** The HTTP answer, when there was one. */
  readonly response: { readonly status: number; readonly headers: Record<string, string>; readonly data: unknown } | undefined;
}

interface AxiosLike {
  isAxiosError: true;
  code?: unknown;
  config?: unknown;
  request?: unknown;
  response?: { status?: unknown; statusText?: unknown; headers?: unknown; data?: unknown };
}

/** True for an error thrown by axios (checked by shape: this package does not depend on axios itself). */
export function isAxiosLike(error: unknown): error is AxiosLike {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}

/** Response headers worth keeping: none of them is ours, and these are the ones mapping reads. */
const KEPT_HEADERS = ['retry-after', 'content-type'];

function keptHeaders(headers: unknown): Record<string, string> {
  const kept: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return kept;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    if (KEPT_HEADERS.includes(lower) && (typeof value === 'string' || typeof value === 'number')) kept[lower] = String(value);
  }
  return kept;
}

/**
 * Removes the request (config with its headers, the ClientRequest) from an axios error, in place, keeping
 * the method and path for diagnostics and, of the response, its status, a few headers and its body.
 * Anything that is not an axios error is left alone.
 */
export function stripAxiosError(error: unknown): void {
  if (!isAxiosLike(error)) return;
  const config = error.config as { method?: unknown; url?: unknown } | undefined;
  error.config = config ? { method: config.method, url: config.url } : undefined;
  error.request = undefined;
  if (error.response) {
    const { status, statusText, headers, data } = error.response;
    error.response = { status, statusText, headers: keptHeaders(headers), data };
  }
}

/** The facts of an axios error (call {@link stripAxiosError} first; this reads nothing secret either way). */
export function axiosErrorFacts(error: AxiosLike): AxiosErrorFacts {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const response = error.response;
  if (!response || typeof response.status !== 'number') return { code, response: undefined };
  return { code, response: { status: response.status, headers: keptHeaders(response.headers), data: response.data } };
}

import "server-only";
import type { Actor } from "@/lib/dal/actor";
import { isDatabaseUnavailable } from "@/lib/dal/errors";
import { withRequestScope } from "@/lib/dal/request-access";
import { authenticateBearer, type TokenAuthResult } from "@/lib/dal/token-auth";
import { RETRY_AFTER_SECONDS } from "@/lib/security/responses";

/**
 * The request pipeline the token-authenticated APIs share (the REST API, lib/api/v1/handler.ts,
 * and SCIM, lib/api/scim.ts): bearer authentication, reading a JSON body within a size limit,
 * and the failures every such request can meet. Each protocol renders the failures in its own
 * error format (problem+json, the SCIM error schema) through its `render`.
 */
export type RequestFailure =
  /** authenticateBearer refused the token: 401 (missing, invalid, expired, revoked) or 429. */
  | { kind: "unauthenticated"; refusal: Extract<TokenAuthResult, { ok: false }> }
  | { kind: "too-large"; maxBytes: number }
  | { kind: "unsupported-media-type" }
  | { kind: "missing-body" }
  | { kind: "invalid-json" }
  /** The database is unreachable: 503, retry after `retryAfterSeconds`. */
  | { kind: "unavailable"; retryAfterSeconds: number }
  /** Anything unexpected (logged, never shown): 500. */
  | { kind: "internal" };

/** Thrown by the helpers below; `apiRequest` renders it in the protocol's format. */
export class RequestFailureError extends Error {
  constructor(readonly failure: RequestFailure) {
    super(failure.kind);
    this.name = "RequestFailureError";
  }
}

export interface Protocol {
  /** For the log line of an unexpected error ("a SCIM route", "POST /api/v1/users"). */
  name: string;
  render: (failure: RequestFailure) => Response;
  /** The protocol's own errors (ScimError, AppError…) as a response; undefined for anything else. */
  mapError?: (error: unknown) => Response | undefined;
}

/**
 * Runs one API request in its request scope: a RequestFailureError, a protocol error, an
 * unreachable database or any other error becomes an answer in the protocol's format, never a
 * stack trace.
 */
export function apiRequest(protocol: Protocol, work: () => Promise<Response>): Promise<Response> {
  return withRequestScope(async () => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RequestFailureError) return protocol.render(error.failure);
      const mapped = protocol.mapError?.(error);
      if (mapped) return mapped;
      if (isDatabaseUnavailable(error)) {
        return protocol.render({ kind: "unavailable", retryAfterSeconds: RETRY_AFTER_SECONDS });
      }
      console.error(`Unexpected error in ${protocol.name}`, error);
      return protocol.render({ kind: "internal" });
    }
  });
}

/** The actor of the request's `Authorization: Bearer` API token, or an `unauthenticated` failure. */
export async function bearerActor(request: Request): Promise<Actor> {
  const auth = await authenticateBearer(request);
  if (!auth.ok) throw new RequestFailureError({ kind: "unauthenticated", refusal: auth });
  return auth.actor;
}

/** `WWW-Authenticate` and `Retry-After` of a refused token, for whichever error format answers it. */
export function refusalHeaders(refusal: Extract<TokenAuthResult, { ok: false }>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (refusal.status === 401) headers["WWW-Authenticate"] = refusal.wwwAuthenticate ?? 'Bearer realm="gatehouse"';
  if (refusal.status === 429) headers["Retry-After"] = String(refusal.retryAfterSeconds ?? 1);
  return headers;
}

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

/**
 * The body as text, at most `maxBytes` (counted while reading, whatever Content-Length says; a
 * larger body is refused without reading it all). With `requireJsonType`, a non-empty body must
 * be sent as JSON (`application/json` or `application/<x>+json`), else `unsupported-media-type`.
 */
export async function readBodyText(
  request: Request,
  options: { maxBytes: number; requireJsonType?: boolean },
): Promise<string> {
  const fail = (failure: RequestFailure) => new RequestFailureError(failure);
  const type = request.headers.get("content-type") ?? "";
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > options.maxBytes) throw fail({ kind: "too-large", maxBytes: options.maxBytes });
  if (options.requireJsonType && request.body && length !== 0 && !JSON_TYPE.test(type)) {
    throw fail({ kind: "unsupported-media-type" });
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > options.maxBytes) {
      await reader.cancel();
      throw fail({ kind: "too-large", maxBytes: options.maxBytes });
    }
    chunks.push(value);
  }
  if (options.requireJsonType && size > 0 && !JSON_TYPE.test(type)) throw fail({ kind: "unsupported-media-type" });
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * A body's JSON: `invalid-json` when it does not parse. An empty (or blank) body is `undefined`,
 * or a `missing-body` failure with `required`.
 */
export function parseJsonBody(text: string, options: { required?: boolean } = {}): unknown {
  if (text.trim() === "") {
    if (options.required) throw new RequestFailureError({ kind: "missing-body" });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestFailureError({ kind: "invalid-json" });
  }
}

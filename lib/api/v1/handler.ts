import "server-only";
import { createHash } from "node:crypto";
import { NextResponse } from "next/server";
import { API_V1_OPERATIONS, routeOf, type ApiOperation, type HttpMethod } from "@/lib/access/api-v1";
import type { Permission } from "@/lib/access/permissions";
import { isAppError } from "@/lib/dal/errors";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  type StoredResponse,
} from "@/lib/dal/idempotency";
import { resourceVersion, versionOf } from "@/lib/dal/versions";
import { dryRun, withWriteContext, type WriteContext } from "@/lib/dal/write-context";
import {
  apiRequest,
  bearerActor,
  parseJsonBody,
  readBodyText,
  refusalHeaders,
  type Protocol,
  type RequestFailure,
} from "../request";
import { OPERATIONS, type OperationInput, type OperationSpec } from "./operations";
import { appErrorProblem, PreconditionFailedError, problem } from "./problem";

/** Request bodies above this are refused with 413 (10,000 member ids take about 400 kB). */
export const MAX_BODY_BYTES = 1024 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (request: Request, context: RouteContext) => Promise<Response>;

/** The route handlers of one /api/v1 route, one per operation it serves (an app/api/v1 route.ts exports them). */
export function apiV1Handlers(route: string): Partial<Record<HttpMethod, Handler>> {
  const handlers: Partial<Record<HttpMethod, Handler>> = {};
  for (const operation of API_V1_OPERATIONS.filter((op) => routeOf(op.path) === route)) {
    const protocol = protocolOf(operation);
    handlers[operation.method] = (request, context) =>
      apiRequest(protocol, () => respond(operation, OPERATIONS[operation.id], request, context));
  }
  return handlers;
}

/** The shared pipeline's failures (lib/api/request.ts) as problem+json (RFC 9457). */
function protocolOf(operation: ApiOperation): Protocol {
  return {
    name: `${operation.method} ${operation.path}`,
    render(failure: RequestFailure) {
      switch (failure.kind) {
        case "unauthenticated": {
          const { refusal } = failure;
          const headers = refusalHeaders(refusal);
          if (refusal.status === 429) return problem(429, "rate-limited", refusal.message, {}, headers);
          return problem(401, `token-${refusal.reason}`, refusal.message, { reason: refusal.reason }, headers);
        }
        case "too-large":
          return problem(
            413,
            "too-large",
            `The body is larger than ${failure.maxBytes / 1024 / 1024} MiB. Send fewer items per request.`,
          );
        case "unsupported-media-type":
          return problem(415, "unsupported-media-type", "Send the body as JSON (Content-Type: application/json).");
        case "missing-body":
        case "invalid-json":
          return problem(400, "invalid-json", "The body is not valid JSON.");
        case "unavailable":
          return problem(
            503,
            "unavailable",
            "Gatehouse can't reach its database. Try again shortly.",
            {},
            { "Retry-After": String(failure.retryAfterSeconds) },
          );
        case "internal":
          return problem(500, "internal", "Something went wrong on our side. Nothing was changed; please try again.");
      }
    },
  };
}

async function respond(operation: ApiOperation, spec: OperationSpec, request: Request, context: RouteContext) {
  const url = new URL(request.url);
  if (operation.permission === "public") return json((await spec.run(emptyInput())).body, 200, {});

  const actor = await bearerActor(request);
  const missing = [operation.permission, operation.alsoNeeds].filter(
    (permission): permission is Permission => !!permission && !actor.permissions.has(permission),
  );
  if (missing.length > 0) {
    return problem(403, "forbidden", `This token does not carry the permission ${missing.join(" and ")}.`);
  }

  const rawQuery = Object.fromEntries(url.searchParams);
  const { dryRun: dryRunParam, ...queryParams } = rawQuery;
  if (dryRunParam !== undefined && dryRunParam !== "true" && dryRunParam !== "false") {
    return invalidInput("query", [{ path: ["dryRun"], message: "dryRun is true or false." }]);
  }
  const isWrite = operation.method !== "GET";
  const isDryRun = isWrite && dryRunParam === "true";
  const query = spec.query ? spec.query.safeParse(queryParams) : { success: true as const, data: queryParams };
  if (!query.success) return invalidInput("query", query.error.issues);

  let bodyText = "";
  let body: unknown = undefined;
  if (spec.body) {
    bodyText = await readBodyText(request, { maxBytes: MAX_BODY_BYTES, requireJsonType: true });
    const parsed = spec.body.safeParse(parseJsonBody(bodyText));
    if (!parsed.success) return invalidInput("body", parsed.error.issues);
    body = parsed.data;
  }

  const params = Object.fromEntries(
    Object.entries((await context.params) ?? {}).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.join("/") : value,
    ]),
  );
  const input: OperationInput = { actor, params, query: query.data, body };

  // Idempotency-Key: a retried POST answers as the first one did, without a second create.
  const key = operation.method === "POST" && !isDryRun ? request.headers.get("idempotency-key") : null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    return invalidInput("header", [{ path: ["Idempotency-Key"], message: "Use 1 to 255 visible ASCII characters." }]);
  }
  const tokenId = actor.token!.id;
  if (key !== null) {
    const requestHash = createHash("sha256").update(`${operation.method} ${url.pathname}\n${bodyText}`).digest("hex");
    const claim = await claimIdempotencyKey(tokenId, key, requestHash);
    if (claim.kind === "replay") return replay(claim.response);
    if (claim.kind === "mismatch") {
      return problem(422, "idempotency-key-reused", "This Idempotency-Key was used with a different request.");
    }
    if (claim.kind === "in-progress") {
      return problem(409, "idempotency-key-in-use", "A request with this Idempotency-Key is still running.");
    }
  }

  const response = await execute(operation, spec, input, request, isDryRun);
  if (key !== null) {
    if (response.status >= 500) await releaseIdempotencyKey(tokenId, key);
    else await completeIdempotencyKey(tokenId, key, await stored(response));
  }
  return response;
}

async function execute(
  operation: ApiOperation,
  spec: OperationSpec,
  input: OperationInput,
  request: Request,
  isDryRun: boolean,
): Promise<Response> {
  const versioned = spec.versioned;
  const ifMatch = request.headers.get("if-match");
  const writeContext: WriteContext = {};
  if (versioned && ifMatch && operation.method !== "GET") {
    const id = input.params[versioned.param]!;
    writeContext.precondition = async (tx) => {
      const current = await resourceVersion(versioned.kind, id, tx);
      if (!etagMatches(ifMatch, current)) throw new PreconditionFailedError(current);
    };
  }
  try {
    if (isDryRun && spec.dryRun) {
      const scope = spec.dryRun(input);
      const outcome = await withWriteContext(writeContext, () => dryRun(scope, () => spec.run(input)));
      return json({ dryRun: true, wouldReturn: outcome.result, impact: outcome.impact }, 200, {});
    }
    const output = await withWriteContext(writeContext, () => spec.run(input));
    const headers: Record<string, string> = {};
    if (output.location) headers.Location = output.location;
    if (versioned && operation.method !== "DELETE") {
      // The answer's own updatedAt when it has one (users, groups); else one more read.
      const updatedAt = (output.body as { updatedAt?: unknown } | null)?.updatedAt;
      const version =
        updatedAt instanceof Date
          ? versionOf(updatedAt)
          : await resourceVersion(versioned.kind, input.params[versioned.param]!);
      if (version) headers.ETag = version;
    }
    if (operation.method === "GET" && headers.ETag && etagMatches(request.headers.get("if-none-match"), headers.ETag)) {
      return new NextResponse(null, { status: 304, headers });
    }
    return json(output.body, output.status ?? 200, headers);
  } catch (error) {
    if (error instanceof PreconditionFailedError) {
      return problem(
        412,
        "precondition-failed",
        error.current === null
          ? "The resource does not exist."
          : "The resource changed since you read it (If-Match does not match its ETag). Read it again, then retry.",
        {},
        error.current ? { ETag: error.current } : {},
      );
    }
    if (isAppError(error)) return appErrorProblem(error);
    throw error;
  }
}

function invalidInput(where: "query" | "body" | "header", issues: readonly { path: PropertyKey[]; message: string }[]) {
  const errors = issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  return problem(400, "validation", errors[0]?.message ?? "The request is not valid.", { errors });
}

function json(body: unknown, status: number, headers: Record<string, string>) {
  return new NextResponse(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

/** If-Match / If-None-Match: `*`, or one of a list of ETags (weak prefixes ignored). */
function etagMatches(header: string | null, current: string | null): boolean {
  if (!header || current === null) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === current;
  });
}

async function stored(response: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of ["content-type", "location", "etag"]) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  return { status: response.status, body: await response.clone().text(), headers };
}

function replay(response: StoredResponse) {
  return new NextResponse(response.body, {
    status: response.status,
    headers: { ...response.headers, "Idempotent-Replayed": "true", "Cache-Control": "no-store" },
  });
}

function emptyInput(): OperationInput {
  return { actor: null as never, params: {}, query: {}, body: undefined };
}

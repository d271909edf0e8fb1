import "server-only";
import { NextResponse } from "next/server";
import {
  SCIM_ROUTE_ACCESS,
  mayCallScim,
  type ScimAccess,
  type ScimMethod,
  type ScimRoutePath,
} from "@/lib/access/catalogue";
import type { Actor } from "@/lib/dal/actor";
import { isAppError, isDatabaseUnavailable } from "@/lib/dal/errors";
import { withRequestScope } from "@/lib/dal/request-access";
import { authenticateBearer } from "@/lib/dal/token-auth";
import { RETRY_AFTER_SECONDS } from "@/lib/security/responses";
import { parseProjection } from "@/lib/scim/attributes";
import { LIST_SCHEMA, SCIM_CONTENT_TYPE, SCIM_MAX_BODY_BYTES } from "@/lib/scim/constants";
import { ScimError, type ScimType } from "@/lib/scim/errors";

export interface ScimContext {
  actor: Actor;
  request: Request;
  url: URL;
  /** `https://host/scim/v2`, for meta.location and $ref. */
  baseUrl: string;
  /** The parsed JSON body (POST, PUT, PATCH). */
  body: unknown;
  /** The route's dynamic segment (`[id]`), if it has one. */
  id: string;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** A SCIM answer: JSON with the SCIM media type, or an empty 204. */
export function scimJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
  return new NextResponse(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": SCIM_CONTENT_TYPE, "Cache-Control": "no-store", ...init.headers },
  });
}

/** A single resource, as projected: the full resource's meta.version is the ETag (RFC 7644 3.14). */
export function scimResource(
  resource: { meta: { version: string; location: string } },
  projected: unknown = resource,
  status = 200,
) {
  const headers: Record<string, string> = { ETag: resource.meta.version };
  if (status === 201) headers.Location = resource.meta.location;
  return scimJson(projected, { status, headers });
}

/** A ListResponse (RFC 7644 3.4.2). */
export function scimList(totalResults: number, startIndex: number, resources: unknown[]) {
  return scimJson({
    schemas: [LIST_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  });
}

/** The `attributes`/`excludedAttributes` of a request. */
export function projectionOf(url: URL) {
  return parseProjection(url.searchParams.get("attributes"), url.searchParams.get("excludedAttributes"));
}

function scimErrorResponse(status: number, detail: string, scimType?: ScimType, headers: Record<string, string> = {}) {
  return scimJson(new ScimError(status, detail, scimType).toJSON(), { status, headers });
}

const APP_STATUS = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, INVALID: 400 } as const;

/**
 * Every /scim/v2 route handler: authenticates the bearer API token (lib/dal/token-auth.ts), checks
 * the permission the catalogue gives this route and method (the DAL checks again), reads the body
 * within SCIM_MAX_BODY_BYTES (413 beyond), and answers every failure in the SCIM error schema,
 * never with a stack trace.
 */
export function scimRoute(
  path: ScimRoutePath,
  method: ScimMethod,
  work: (context: ScimContext) => Promise<Response>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return (request, context) => withRequestScope(() => handle(path, method, work, request, context));
}

async function handle(
  path: ScimRoutePath,
  method: ScimMethod,
  work: (context: ScimContext) => Promise<Response>,
  request: Request,
  context: RouteContext,
): Promise<Response> {
  try {
    const auth = await authenticateBearer(request);
    if (!auth.ok) {
      const headers: Record<string, string> = {};
      if (auth.wwwAuthenticate) headers["WWW-Authenticate"] = auth.wwwAuthenticate;
      if (auth.retryAfterSeconds) headers["Retry-After"] = String(auth.retryAfterSeconds);
      return scimErrorResponse(auth.status, auth.message, undefined, headers);
    }
    const access: ScimAccess | undefined = (SCIM_ROUTE_ACCESS[path] as Partial<Record<ScimMethod, ScimAccess>>)[method];
    if (!access || !mayCallScim(access, auth.actor.permissions)) {
      throw new ScimError(403, "This API token does not carry the permission this request needs.");
    }
    const body = method === "POST" || method === "PUT" || method === "PATCH" ? await readBody(request) : undefined;
    const url = new URL(request.url);
    const params = (await context?.params) ?? {};
    const id = typeof params.id === "string" ? params.id : "";
    return await work({ actor: auth.actor, request, url, baseUrl: `${url.origin}/scim/v2`, body, id });
  } catch (error) {
    if (error instanceof ScimError) return scimErrorResponse(error.status, error.detail, error.scimType);
    if (isDatabaseUnavailable(error)) {
      return scimErrorResponse(503, "Gatehouse can't reach its database; retry shortly.", undefined, {
        "Retry-After": String(RETRY_AFTER_SECONDS),
      });
    }
    if (isAppError(error)) {
      const scimType = error.code === "CONFLICT" ? "uniqueness" : error.code === "INVALID" ? "invalidValue" : undefined;
      return scimErrorResponse(APP_STATUS[error.code], error.message, scimType);
    }
    console.error("Unexpected error in a SCIM route", error);
    return scimErrorResponse(500, "Something went wrong on our side. Nothing was changed; please retry.");
  }
}

/** The JSON body, at most SCIM_MAX_BODY_BYTES (counted while reading, whatever Content-Length says). */
async function readBody(request: Request): Promise<unknown> {
  const tooLarge = () =>
    new ScimError(413, `The request body is larger than ${SCIM_MAX_BODY_BYTES} bytes (see ServiceProviderConfig).`);
  if (Number(request.headers.get("content-length") ?? 0) > SCIM_MAX_BODY_BYTES) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) throw new ScimError(400, "The request needs a JSON body.", "invalidSyntax");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > SCIM_MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
  if (text.trim() === "") throw new ScimError(400, "The request needs a JSON body.", "invalidSyntax");
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimError(400, "The request body is not valid JSON.", "invalidSyntax");
  }
}

export function ifMatch(request: Request): string | null {
  return request.headers.get("if-match");
}

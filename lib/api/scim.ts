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
import { isAppError } from "@/lib/dal/errors";
import { parseProjection } from "@/lib/scim/attributes";
import { LIST_SCHEMA, SCIM_CONTENT_TYPE, SCIM_MAX_BODY_BYTES } from "@/lib/scim/constants";
import { ScimError, type ScimType } from "@/lib/scim/errors";
import {
  apiRequest,
  bearerActor,
  parseJsonBody,
  readBodyText,
  refusalHeaders,
  type Protocol,
  type RequestFailure,
} from "./request";

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

/** The shared request pipeline's failures (lib/api/request.ts) in the SCIM error schema (RFC 7644 3.12). */
const SCIM: Protocol = {
  name: "a SCIM route",
  render(failure: RequestFailure) {
    switch (failure.kind) {
      case "unauthenticated":
        return scimErrorResponse(
          failure.refusal.status,
          failure.refusal.message,
          undefined,
          refusalHeaders(failure.refusal),
        );
      case "too-large":
        return scimErrorResponse(
          413,
          `The request body is larger than ${failure.maxBytes} bytes (see ServiceProviderConfig).`,
        );
      case "unsupported-media-type":
        return scimErrorResponse(415, "Send the body as JSON (Content-Type: application/scim+json).");
      case "missing-body":
        return scimErrorResponse(400, "The request needs a JSON body.", "invalidSyntax");
      case "invalid-json":
        return scimErrorResponse(400, "The request body is not valid JSON.", "invalidSyntax");
      case "unavailable":
        return scimErrorResponse(503, "Gatehouse can't reach its database; retry shortly.", undefined, {
          "Retry-After": String(failure.retryAfterSeconds),
        });
      case "internal":
        return scimErrorResponse(500, "Something went wrong on our side. Nothing was changed; please retry.");
    }
  },
  mapError(error) {
    if (error instanceof ScimError) return scimErrorResponse(error.status, error.detail, error.scimType);
    if (isAppError(error)) {
      const scimType = error.code === "CONFLICT" ? "uniqueness" : error.code === "INVALID" ? "invalidValue" : undefined;
      return scimErrorResponse(APP_STATUS[error.code], error.message, scimType);
    }
    return undefined;
  },
};

/**
 * Every /scim/v2 route handler: authenticates the bearer API token (lib/dal/token-auth.ts), checks
 * the permission the catalogue gives this route and method (the DAL checks again), reads the body
 * within SCIM_MAX_BODY_BYTES (413 beyond), and answers every failure in the SCIM error schema,
 * never with a stack trace. The pipeline is the REST API's too (lib/api/request.ts).
 */
export function scimRoute(
  path: ScimRoutePath,
  method: ScimMethod,
  work: (context: ScimContext) => Promise<Response>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return (request, context) =>
    apiRequest(SCIM, async () => {
      const actor = await bearerActor(request);
      const access: ScimAccess | undefined = (SCIM_ROUTE_ACCESS[path] as Partial<Record<ScimMethod, ScimAccess>>)[
        method
      ];
      if (!access || !mayCallScim(access, actor.permissions)) {
        throw new ScimError(403, "This API token does not carry the permission this request needs.");
      }
      // SCIM clients send application/scim+json, application/json or no type at all: the body is JSON either way.
      const body =
        method === "POST" || method === "PUT" || method === "PATCH"
          ? parseJsonBody(await readBodyText(request, { maxBytes: SCIM_MAX_BODY_BYTES }), { required: true })
          : undefined;
      const url = new URL(request.url);
      const params = (await context?.params) ?? {};
      const id = typeof params.id === "string" ? params.id : "";
      return work({ actor, request, url, baseUrl: `${url.origin}/scim/v2`, body, id });
    });
}

export function ifMatch(request: Request): string | null {
  return request.headers.get("if-match");
}

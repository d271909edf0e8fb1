import "server-only";
import { NextResponse } from "next/server";
import type { AppError } from "@/lib/dal/errors";

/** RFC 9457 problem details: every error of /api/v1, with field errors for bad input. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Bad input: each field (a dotted path into the body or query) with what is wrong. */
  errors?: { field: string; message: string }[];
  /** 401: why the token was refused (missing, invalid, expired, revoked). */
  reason?: string;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Content too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

export const PROBLEM_TYPE = (slug: string) => `https://gatehouse.dev/problems/${slug}`;

export function problem(
  status: number,
  slug: string,
  detail: string,
  extra: Partial<Problem> = {},
  headers: Record<string, string> = {},
): NextResponse {
  const body: Problem = { type: PROBLEM_TYPE(slug), title: TITLES[status] ?? "Error", status, detail, ...extra };
  return new NextResponse(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}

const APP_ERRORS = {
  INVALID: [400, "validation"],
  NOT_FOUND: [404, "not-found"],
  FORBIDDEN: [403, "forbidden"],
  CONFLICT: [409, "conflict"],
  UNAUTHENTICATED: [401, "unauthenticated"],
} as const;

/** The DAL's AppError as a problem: INVALID → 400 with its field errors, and so on. */
export function appErrorProblem(error: AppError): NextResponse {
  const [status, slug] = APP_ERRORS[error.code];
  const errors = error.fieldErrors
    ? Object.entries(error.fieldErrors).map(([field, message]) => ({ field, message }))
    : undefined;
  return problem(status, slug, error.message, errors ? { errors } : {});
}

/** Thrown inside a write's transaction when If-Match no longer matches the resource. */
export class PreconditionFailedError extends Error {
  constructor(readonly current: string | null) {
    super("precondition failed");
    this.name = "PreconditionFailedError";
  }
}

import "server-only";
import { NextResponse } from "next/server";
import type { Session } from "next-auth";
import { getRequestAuth } from "@/lib/auth/actor";
import { pageOfClaims } from "@/lib/dal/claims";
import type { Actor } from "@/lib/dal/actor";
import { isAppError } from "@/lib/dal/errors";

const STATUS = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, INVALID: 400 } as const;

/** JSON API handler: authenticates from the session cookie (401 JSON, never a redirect) and maps errors. */
export async function withApiActor(work: (actor: Actor, session: Session) => Promise<unknown>): Promise<NextResponse> {
  const { actor, session } = await getRequestAuth();
  if (!actor || !session) {
    return NextResponse.json({ error: "unauthenticated", message: "Sign in first." }, { status: 401 });
  }
  try {
    return NextResponse.json(await work(actor, session), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (isAppError(error)) {
      return NextResponse.json(
        { error: error.code.toLowerCase(), message: error.message },
        { status: STATUS[error.code] },
      );
    }
    console.error("Unexpected error in an API route", error);
    return NextResponse.json({ error: "internal", message: "Something went wrong." }, { status: 500 });
  }
}

export function pageParams(url: URL, maxPageSize = 100) {
  const page = Math.max(1, Math.min(1_000_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const size = Number.parseInt(url.searchParams.get("pageSize") ?? "100", 10) || 100;
  return { page, pageSize: Math.max(1, Math.min(maxPageSize, size)) };
}

/** GET handler paging through the signed-in user's full group or role list (`?page=1&pageSize=100`). */
export function claimsPageHandler(kind: "groups" | "roles") {
  return (request: Request) =>
    withApiActor(async (actor) => {
      const { page, pageSize } = pageParams(new URL(request.url));
      const result = await pageOfClaims(actor.id, kind, page, pageSize);
      return { ...result, next: result.hasMore ? `/api/me/${kind}?page=${page + 1}&pageSize=${pageSize}` : null };
    });
}

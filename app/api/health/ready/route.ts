import { NextResponse } from "next/server";
import { isDatabaseReady } from "@/lib/dal/health";
import { RETRY_AFTER_SECONDS } from "@/lib/security/responses";

export const dynamic = "force-dynamic";

/** Readiness: the database answers now. 503 while it does not, so a load balancer routes around. */
export async function GET() {
  const ready = await isDatabaseReady({ fresh: true });
  return NextResponse.json(
    ready ? { status: "ready", database: "ok" } : { status: "unavailable", database: "unreachable" },
    {
      status: ready ? 200 : 503,
      headers: { "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": String(RETRY_AFTER_SECONDS) }) },
    },
  );
}

import { claimsPageHandler } from "@/lib/api/json";

export const dynamic = "force-dynamic";

/** Every role claim of the signed-in user, a page at a time. */
export const GET = claimsPageHandler("roles");

import { searchRoute } from "@/lib/api/search";
import { searchApplications } from "@/lib/dal/applications";

export const dynamic = "force-dynamic";

/** Applications that can own new roles (the built-in one cannot). */
export const GET = searchRoute("roles:read", [], async (actor, query) =>
  (await searchApplications(actor, query, { editableOnly: true })).map((app) => ({
    id: app.id,
    label: app.name,
    detail: app.key,
  })),
);

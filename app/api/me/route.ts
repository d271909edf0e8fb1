import { withApiActor } from "@/lib/api/json";
import { getMyAccess } from "@/lib/dal/access";
import { CLAIM_CAP } from "@/lib/dal/claims";

export const dynamic = "force-dynamic";

/** The signed-in user's (or a Gatehouse access token's user's) identity, groups and role claims; `?include=sources` adds where each role comes from. */
export function GET(request: Request) {
  return withApiActor(
    async (actor, claims) => {
      // The claims auth() computed for this request; reading them again would repeat the queries.
      const url = new URL(request.url);
      const body: Record<string, unknown> = {
        id: actor.id,
        username: actor.username,
        email: actor.email,
        name: actor.displayName,
        groups: claims.groups,
        roles: claims.roles,
        overage: {
          groups: claims.overage?.groups ?? false,
          roles: claims.overage?.roles ?? false,
          cap: CLAIM_CAP,
        },
        links: { groups: "/api/me/groups", roles: "/api/me/roles" },
      };
      if (url.searchParams.get("include") === "sources") {
        const access = await getMyAccess(actor);
        body.sources = access.roles.slice(0, CLAIM_CAP).map((role) => ({
          role: role.claim,
          direct: role.direct,
          groups: role.inheritedFrom.map((g) => g.name),
        }));
      }
      return body;
    },
    request,
    { acceptBearer: true },
  );
}

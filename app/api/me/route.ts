import { withApiActor } from "@/lib/api/json";
import { stageParam } from "@/lib/api/stage-param";
import { getMyAccess } from "@/lib/dal/access";
import { CLAIM_CAP, loadClaims } from "@/lib/dal/claims";

export const dynamic = "force-dynamic";

/**
 * The signed-in user's (or a Gatehouse access token's user's) identity, groups and role claims in one stage (`?stage=<key>`, the default
 * stage when absent; the answer's `stage` says which); `?include=sources` adds where each role comes from.
 */
export function GET(request: Request) {
  return withApiActor(
    async (actor, session) => {
      const url = new URL(request.url);
      const stage = await stageParam(url, actor.id);
      // The default stage's claims are the ones auth() computed for this request; another stage's come
      // from the same one read of the user (lib/dal/request-access.ts), so nothing is queried twice.
      const claims = stage.isDefault && session.stage === stage.key ? session : await loadClaims(actor.id, stage.id);
      const query = stage.isDefault ? "" : `?stage=${encodeURIComponent(stage.key)}`;
      const body: Record<string, unknown> = {
        id: actor.id,
        username: actor.username,
        email: actor.email,
        name: actor.displayName,
        stage: stage.key,
        groups: claims.groups,
        roles: claims.roles,
        overage: {
          groups: claims.overage?.groups ?? false,
          roles: claims.overage?.roles ?? false,
          cap: CLAIM_CAP,
        },
        links: { groups: `/api/me/groups${query}`, roles: `/api/me/roles${query}` },
      };
      if (url.searchParams.get("include") === "sources") {
        const access = await getMyAccess(actor, { stageId: stage.id });
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

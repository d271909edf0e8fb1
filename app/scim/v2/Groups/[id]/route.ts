import { ifMatch, projectionOf, scimResource, scimRoute } from "@/lib/api/scim";
import { scimDeleteGroup, scimGetGroup, scimPatchGroup, scimReplaceGroup, type ScimGroup } from "@/lib/dal/scim/groups";
import { project, wants } from "@/lib/scim/attributes";
import { GROUP_SCHEMA } from "@/lib/scim/constants";
import { toScimGroup } from "@/lib/scim/groups";

function answer(group: ScimGroup, baseUrl: string, url: URL) {
  const resource = toScimGroup(group, baseUrl, group.members);
  return scimResource(resource, project(resource, projectionOf(url), GROUP_SCHEMA));
}

export const GET = scimRoute("/scim/v2/Groups/[id]", "GET", async ({ actor, url, baseUrl, id }) =>
  answer(await scimGetGroup(actor, id, wants(projectionOf(url), "members", GROUP_SCHEMA)), baseUrl, url),
);

export const PUT = scimRoute("/scim/v2/Groups/[id]", "PUT", async ({ actor, url, baseUrl, id, body, request }) =>
  answer(await scimReplaceGroup(actor, id, body, ifMatch(request)), baseUrl, url),
);

/** Without `attributes`, a PATCH of members answers 204 (RFC 7644 3.5.2): no 100k-member body back. */
export const PATCH = scimRoute("/scim/v2/Groups/[id]", "PATCH", async ({ actor, url, baseUrl, id, body, request }) => {
  const asked = url.searchParams.has("attributes") || url.searchParams.has("excludedAttributes");
  const withMembers = asked && wants(projectionOf(url), "members", GROUP_SCHEMA);
  const group = await scimPatchGroup(actor, id, body, ifMatch(request), withMembers);
  if (asked) return answer(group, baseUrl, url);
  const resource = toScimGroup(group, baseUrl);
  return new Response(null, { status: 204, headers: { ETag: resource.meta.version } });
});

export const DELETE = scimRoute("/scim/v2/Groups/[id]", "DELETE", async ({ actor, id, request }) => {
  await scimDeleteGroup(actor, id, ifMatch(request));
  return new Response(null, { status: 204 });
});

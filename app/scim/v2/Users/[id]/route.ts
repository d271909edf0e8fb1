import { ifMatch, projectionOf, scimResource, scimRoute } from "@/lib/api/scim";
import { scimDeleteUser, scimGetUser, scimPatchUser, scimReplaceUser, type ScimUser } from "@/lib/dal/scim/users";
import { project, wants } from "@/lib/scim/attributes";
import { USER_SCHEMA } from "@/lib/scim/constants";
import { toScimUser } from "@/lib/scim/users";

function answer(user: ScimUser, baseUrl: string, url: URL) {
  const resource = toScimUser(user, baseUrl, user.groups);
  return scimResource(resource, project(resource, projectionOf(url), USER_SCHEMA));
}

export const GET = scimRoute("/scim/v2/Users/[id]", "GET", async ({ actor, url, baseUrl, id }) =>
  answer(await scimGetUser(actor, id, wants(projectionOf(url), "groups", USER_SCHEMA)), baseUrl, url),
);

export const PUT = scimRoute("/scim/v2/Users/[id]", "PUT", async ({ actor, url, baseUrl, id, body, request }) =>
  answer(await scimReplaceUser(actor, id, body, ifMatch(request)), baseUrl, url),
);

export const PATCH = scimRoute("/scim/v2/Users/[id]", "PATCH", async ({ actor, url, baseUrl, id, body, request }) =>
  answer(await scimPatchUser(actor, id, body, ifMatch(request)), baseUrl, url),
);

export const DELETE = scimRoute("/scim/v2/Users/[id]", "DELETE", async ({ actor, id, request }) => {
  await scimDeleteUser(actor, id, ifMatch(request));
  return new Response(null, { status: 204 });
});

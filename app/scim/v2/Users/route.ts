import { projectionOf, scimResource, scimRoute } from "@/lib/api/scim";
import { userList } from "@/lib/api/scim-lists";
import { scimCreateUser } from "@/lib/dal/scim/users";
import { project } from "@/lib/scim/attributes";
import { USER_SCHEMA } from "@/lib/scim/constants";
import { queryOfUrl } from "@/lib/scim/query";
import { toScimUser } from "@/lib/scim/users";

export const GET = scimRoute("/scim/v2/Users", "GET", ({ actor, url, baseUrl }) =>
  userList(actor, baseUrl, queryOfUrl(url)),
);

export const POST = scimRoute("/scim/v2/Users", "POST", async ({ actor, url, baseUrl, body }) => {
  const user = toScimUser(await scimCreateUser(actor, body), baseUrl, []);
  return scimResource(user, project(user, projectionOf(url), USER_SCHEMA), 201);
});

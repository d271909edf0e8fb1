import { pageOf, projectionOf, scimList, scimResource, scimRoute } from "@/lib/api/scim";
import { scimCreateUser, scimListUsers } from "@/lib/dal/scim/users";
import { project, wants } from "@/lib/scim/attributes";
import { USER_SCHEMA } from "@/lib/scim/constants";
import { toScimUser } from "@/lib/scim/users";

export const GET = scimRoute("/scim/v2/Users", "GET", async ({ actor, url, baseUrl }) => {
  const projection = projectionOf(url);
  const { startIndex, count } = pageOf(url);
  const filter = url.searchParams.get("filter");
  const withGroups = wants(projection, "groups", USER_SCHEMA);
  const page = await scimListUsers(actor, { filter, startIndex, count, withGroups });
  const resources = page.rows.map((row) => project(toScimUser(row, baseUrl, row.groups), projection, USER_SCHEMA));
  return scimList(page.totalResults, startIndex, resources);
});

export const POST = scimRoute("/scim/v2/Users", "POST", async ({ actor, url, baseUrl, body }) => {
  const user = toScimUser(await scimCreateUser(actor, body), baseUrl, []);
  return scimResource(user, project(user, projectionOf(url), USER_SCHEMA), 201);
});

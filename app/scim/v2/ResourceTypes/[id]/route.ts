import { scimJson, scimRoute } from "@/lib/api/scim";
import { resourceTypes } from "@/lib/scim/discovery";
import { scimNotFound } from "@/lib/scim/errors";

export const GET = scimRoute("/scim/v2/ResourceTypes/[id]", "GET", async ({ baseUrl, id }) => {
  const type = resourceTypes(baseUrl).find((t) => t.id === id);
  if (!type) throw scimNotFound(`The resource type ${id}`);
  return scimJson(type);
});

import { scimList, scimRoute } from "@/lib/api/scim";
import { resourceTypes } from "@/lib/scim/discovery";

export const GET = scimRoute("/scim/v2/ResourceTypes", "GET", async ({ baseUrl }) => {
  const types = resourceTypes(baseUrl);
  return scimList(types.length, 1, types);
});

import { scimList, scimRoute } from "@/lib/api/scim";
import { schemas } from "@/lib/scim/discovery";

export const GET = scimRoute("/scim/v2/Schemas", "GET", async ({ baseUrl }) => {
  const all = schemas(baseUrl);
  return scimList(all.length, 1, all);
});

import { scimJson, scimRoute } from "@/lib/api/scim";
import { schemas } from "@/lib/scim/discovery";
import { scimNotFound } from "@/lib/scim/errors";

export const GET = scimRoute("/scim/v2/Schemas/[id]", "GET", async ({ baseUrl, id }) => {
  const schema = schemas(baseUrl).find((s) => s.id === id);
  if (!schema) throw scimNotFound(`The schema ${id}`);
  return scimJson(schema);
});

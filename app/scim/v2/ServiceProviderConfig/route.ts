import { scimJson, scimRoute } from "@/lib/api/scim";
import { serviceProviderConfig } from "@/lib/scim/discovery";

export const GET = scimRoute("/scim/v2/ServiceProviderConfig", "GET", async ({ baseUrl }) =>
  scimJson(serviceProviderConfig(baseUrl)),
);

import { scimRoute } from "@/lib/api/scim";
import { ScimError } from "@/lib/scim/errors";

/** Any other /scim/v2 path: Bulk and /Me are not offered (ServiceProviderConfig says so); the rest does not exist. */
function unknown(): Promise<Response> {
  throw new ScimError(
    404,
    "There is no such SCIM endpoint. Gatehouse serves /Users, /Groups, /.search, /ServiceProviderConfig, /ResourceTypes and /Schemas.",
  );
}

export const GET = scimRoute("/scim/v2/[...path]", "GET", unknown);
export const POST = scimRoute("/scim/v2/[...path]", "POST", unknown);
export const PUT = scimRoute("/scim/v2/[...path]", "PUT", unknown);
export const PATCH = scimRoute("/scim/v2/[...path]", "PATCH", unknown);
export const DELETE = scimRoute("/scim/v2/[...path]", "DELETE", unknown);

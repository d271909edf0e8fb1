import { scimRoute, type ScimContext } from "@/lib/api/scim";
import { ScimError } from "@/lib/scim/errors";

/**
 * Any other /scim/v2 path. /Me and /Bulk are defined by RFC 7644 but not offered (ServiceProviderConfig
 * says bulk.supported false): 501, as §3.11 asks of a server without /Me. Anything else does not exist.
 */
function unknown({ url }: ScimContext): Promise<Response> {
  const endpoint = url.pathname.slice("/scim/v2/".length).split("/")[0];
  if (endpoint === "Me") {
    throw new ScimError(
      501,
      "Gatehouse does not offer /Me: an API token acts for itself, not for a user. Use /Users/{id}.",
    );
  }
  if (endpoint === "Bulk") {
    throw new ScimError(501, "Gatehouse does not offer /Bulk. Send each operation on its own (/Users, /Groups).");
  }
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

import { scimRoute } from "@/lib/api/scim";
import { rootList } from "@/lib/api/scim-lists";
import { queryOfSearch } from "@/lib/scim/query";

/** RFC 7644 3.4.3: a search at the server root spans users and groups (those the token may read). */
export const POST = scimRoute("/scim/v2/.search", "POST", ({ actor, baseUrl, body }) =>
  rootList(actor, baseUrl, queryOfSearch(body)),
);

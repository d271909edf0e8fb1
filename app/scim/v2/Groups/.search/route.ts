import { scimRoute } from "@/lib/api/scim";
import { groupList } from "@/lib/api/scim-lists";
import { queryOfSearch } from "@/lib/scim/query";

/** RFC 7644 3.4.3: the query of GET /Groups in a SearchRequest body, answered the same way. */
export const POST = scimRoute("/scim/v2/Groups/.search", "POST", ({ actor, baseUrl, body }) =>
  groupList(actor, baseUrl, queryOfSearch(body)),
);

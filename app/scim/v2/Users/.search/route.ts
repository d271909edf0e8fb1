import { scimRoute } from "@/lib/api/scim";
import { userList } from "@/lib/api/scim-lists";
import { queryOfSearch } from "@/lib/scim/query";

/** RFC 7644 3.4.3: the query of GET /Users in a SearchRequest body, answered the same way. */
export const POST = scimRoute("/scim/v2/Users/.search", "POST", ({ actor, baseUrl, body }) =>
  userList(actor, baseUrl, queryOfSearch(body)),
);

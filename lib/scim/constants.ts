/** SCIM 2.0 (RFC 7643/7644) schema URNs and the limits Gatehouse advertises in ServiceProviderConfig. */
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export const SCIM_CONTENT_TYPE = "application/scim+json";
/** Request bodies larger than this get 413 (a PATCH adding 10,000 members is about 600 kB). */
export const SCIM_MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Largest page of a list (`count`); a larger count is lowered to this, as RFC 7644 3.4.2.4 allows. */
export const SCIM_MAX_RESULTS = 1000;
export const SCIM_DEFAULT_COUNT = 100;
/** Most PATCH operations in one request, and most members one operation may name (lib/schemas/common MAX_MEMBERS). */
export const SCIM_MAX_OPERATIONS = 1000;
/** RFC 7644 3.4.3: the body of a POST to `/.search`. */
export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

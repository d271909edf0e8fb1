import { parseProjection, type Projection } from "./attributes";
import { SCIM_DEFAULT_COUNT, SCIM_MAX_RESULTS, SEARCH_REQUEST_SCHEMA } from "./constants";
import { scimInvalid } from "./errors";

/**
 * A list query (RFC 7644 3.4.2): filter, sort, paging and projection, read from a GET's query
 * string or from the body of a POST to `/.search` (3.4.3) — the two give the same answer.
 */
export interface ScimSort {
  /** The attribute path as the client wrote it (`name.familyName`, `meta.created`). */
  by: string;
  descending: boolean;
}
export interface ScimQuery {
  filter: string | null;
  sort: ScimSort | null;
  startIndex: number;
  count: number;
  projection: Projection;
}

const MAX_START_INDEX = 1_000_000_000;

/** `startIndex` and `count` (3.4.2.4): 1-based, clamped to what the server serves, never an error. */
export function clampPage(startIndex: number | undefined, count: number | undefined) {
  return {
    startIndex: Math.min(Math.max(1, startIndex ?? 1), MAX_START_INDEX),
    count: Math.min(Math.max(0, count ?? SCIM_DEFAULT_COUNT), SCIM_MAX_RESULTS),
  };
}

/**
 * `sortBy` and `sortOrder` (3.4.2.3): ascending unless told otherwise; `sortOrder` alone means
 * nothing and is ignored. Which attributes sort is the DAL's to say (lib/dal/scim/filter.ts).
 */
export function readSort(sortBy: string | null | undefined, sortOrder: string | null | undefined): ScimSort | null {
  const order = (sortOrder ?? "").trim().toLowerCase();
  if (order !== "" && order !== "ascending" && order !== "descending") {
    throw scimInvalid(`sortOrder must be "ascending" or "descending", not ${JSON.stringify(sortOrder)}.`);
  }
  const by = (sortBy ?? "").trim();
  if (by === "") return null;
  if (by.length > 300) throw scimInvalid("sortBy is too long.");
  return { by, descending: order === "descending" };
}

/** The query of a GET on a list (`?filter=…&sortBy=…&startIndex=…`). */
export function queryOfUrl(url: URL): ScimQuery {
  const params = url.searchParams;
  const integer = (name: string) => {
    const value = Number.parseInt(params.get(name) ?? "", 10);
    return Number.isFinite(value) ? value : undefined;
  };
  return {
    filter: params.get("filter"),
    sort: readSort(params.get("sortBy"), params.get("sortOrder")),
    ...clampPage(integer("startIndex"), integer("count")),
    projection: parseProjection(params.get("attributes"), params.get("excludedAttributes")),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The body of a POST to `/.search` (3.4.3). Attribute names are case-insensitive (RFC 7643 2.1).
 * `schemas`, when given, must name the SearchRequest message; like PatchOp bodies, a body
 * without `schemas` is accepted. `attributes` and `excludedAttributes` are lists of names (a
 * comma-separated string is accepted too); every other member has the type the RFC gives it, or
 * the answer is a 400 that names it.
 */
export function queryOfSearch(body: unknown): ScimQuery {
  if (!isObject(body)) throw scimInvalid("The request body must be a SCIM SearchRequest object.", "invalidSyntax");
  const get = (name: string) => body[Object.keys(body).find((key) => key.toLowerCase() === name.toLowerCase()) ?? ""];
  const schemas = get("schemas");
  if (
    schemas !== undefined &&
    !(Array.isArray(schemas) && schemas.some((urn) => typeof urn === "string" && urn === SEARCH_REQUEST_SCHEMA))
  ) {
    throw scimInvalid(`schemas must be ["${SEARCH_REQUEST_SCHEMA}"].`, "invalidSyntax");
  }
  const string = (name: string): string | null => {
    const value = get(name);
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") throw scimInvalid(`${name} must be a string.`, "invalidSyntax");
    return value;
  };
  const names = (name: string): string | null => {
    const value = get(name);
    if (value === undefined || value === null) return null;
    if (typeof value === "string") return value;
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join(",");
    throw scimInvalid(`${name} must be a list of attribute names.`, "invalidSyntax");
  };
  const integer = (name: string): number | undefined => {
    const value = get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw scimInvalid(`${name} must be an integer.`, "invalidSyntax");
    }
    return value;
  };
  return {
    filter: string("filter"),
    sort: readSort(string("sortBy"), string("sortOrder")),
    ...clampPage(integer("startIndex"), integer("count")),
    projection: parseProjection(names("attributes"), names("excludedAttributes")),
  };
}

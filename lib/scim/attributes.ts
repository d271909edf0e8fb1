import { ENTERPRISE_SCHEMA } from "./constants";

/**
 * `attributes` and `excludedAttributes` (RFC 7644 3.4.2.5, 3.9) applied to a resource already
 * built. `id` and `schemas` are always returned. Names are case-insensitive; a name may be a
 * sub-attribute (`name.givenName`) or carry its schema URN (`urn:…:enterprise:2.0:User:department`).
 */
export interface Projection {
  attributes: string[] | null;
  excluded: string[];
}

const ALWAYS = new Set(["id", "schemas"]);

export function parseProjection(attributes: string | null, excluded: string | null): Projection {
  const list = (value: string | null) =>
    (value ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
  const wanted = list(attributes);
  return { attributes: wanted.length > 0 ? wanted : null, excluded: list(excluded) };
}

/** Splits a name into its path from the resource root: `[urn, attr, sub]` or `[attr, sub]`. */
function pathOf(name: string, coreSchema: string): string[] {
  const lower = name.toLowerCase();
  for (const urn of [coreSchema, ENTERPRISE_SCHEMA]) {
    const prefix = urn.toLowerCase();
    if (lower === prefix) return urn === coreSchema ? [] : [urn];
    if (lower.startsWith(`${prefix}:`)) {
      const rest = name.slice(prefix.length + 1).split(".");
      return urn === coreSchema ? rest : [urn, ...rest];
    }
  }
  return name.split(".");
}

function findKey(object: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/** Whether a top-level attribute (say `members`) is wanted at all: lets the DAL skip reading it. */
export function wants(projection: Projection, attribute: string, coreSchema: string): boolean {
  const top = (name: string) => pathOf(name, coreSchema)[0]?.toLowerCase();
  const lower = attribute.toLowerCase();
  if (projection.excluded.some((name) => top(name) === lower && pathOf(name, coreSchema).length === 1)) return false;
  return projection.attributes === null || projection.attributes.some((name) => top(name) === lower);
}

export function project<T extends Record<string, unknown>>(
  resource: T,
  projection: Projection,
  coreSchema: string,
): Record<string, unknown> {
  let result: Record<string, unknown> = resource;
  if (projection.attributes) {
    result = {};
    for (const key of Object.keys(resource)) if (ALWAYS.has(key)) result[key] = resource[key];
    for (const name of projection.attributes) copyPath(resource, result, pathOf(name, coreSchema));
  } else {
    result = structuredClone(resource);
  }
  for (const name of projection.excluded) removePath(result, pathOf(name, coreSchema));
  return result;
}

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, path: string[]) {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const key = findKey(from, head);
  if (key === undefined) return;
  const value = from[key];
  if (rest.length === 0 || value === null || typeof value !== "object") {
    to[key] = structuredClone(value);
    return;
  }
  if (Array.isArray(value)) {
    // A sub-attribute of a multi-valued attribute: that sub-attribute of every value.
    const existing = Array.isArray(to[key]) ? (to[key] as Record<string, unknown>[]) : value.map(() => ({}));
    value.forEach((item, index) => {
      if (item && typeof item === "object") copyPath(item as Record<string, unknown>, existing[index]!, rest);
    });
    to[key] = existing;
    return;
  }
  const target = (to[key] ??= {}) as Record<string, unknown>;
  copyPath(value as Record<string, unknown>, target, rest);
}

function removePath(object: Record<string, unknown>, path: string[]) {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const key = findKey(object, head);
  if (key === undefined || ALWAYS.has(key)) return;
  if (rest.length === 0) {
    delete object[key];
    return;
  }
  const value = object[key];
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) if (item && typeof item === "object") removePath(item as Record<string, unknown>, rest);
}

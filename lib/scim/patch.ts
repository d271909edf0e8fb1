import { parse as parseFilter, type Filter } from "scim2-parse-filter";
import { ScimError as PatchLibraryError, scimPatch, type ScimPatchOperation, type ScimResource } from "scim-patch";
import { SCIM_MAX_OPERATIONS } from "./constants";
import { scimInvalid } from "./errors";
import { isObject } from "./users";

export interface PatchOperation {
  op: "add" | "remove" | "replace";
  path?: string;
  value?: unknown;
}

/**
 * The Operations of a PatchOp request (RFC 7644 3.5.2), op names lower-cased: Entra ID sends
 * `Add`, `Replace` and `Remove`. Anything else is a 400 before a single change is made.
 */
export function readPatchOperations(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw scimInvalid("The request body must be a SCIM PatchOp object.", "invalidSyntax");
  const key = Object.keys(body).find((k) => k.toLowerCase() === "operations");
  const operations = key ? body[key] : undefined;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw scimInvalid("Operations must be a non-empty list of add, remove or replace operations.", "invalidSyntax");
  }
  if (operations.length > SCIM_MAX_OPERATIONS) {
    throw scimInvalid(`At most ${SCIM_MAX_OPERATIONS} operations in one request.`, "tooMany");
  }
  return operations.map((operation, index) => {
    if (!isObject(operation)) throw scimInvalid(`Operations[${index}] must be an object.`, "invalidSyntax");
    const field = (name: string) => operation[Object.keys(operation).find((k) => k.toLowerCase() === name) ?? ""];
    const op = typeof field("op") === "string" ? (field("op") as string).toLowerCase() : "";
    if (op !== "add" && op !== "remove" && op !== "replace") {
      throw scimInvalid(`Operations[${index}].op must be add, remove or replace.`, "invalidSyntax");
    }
    const path = field("path");
    if (path !== undefined && path !== null && (typeof path !== "string" || path.trim() === "")) {
      throw scimInvalid(`Operations[${index}].path must be a non-empty string.`, "invalidPath");
    }
    const value = field("value");
    if (op === "remove" && !path && value === undefined) {
      throw scimInvalid(`Operations[${index}]: remove needs a path.`, "noTarget");
    }
    if (op !== "remove" && value === undefined) {
      throw scimInvalid(`Operations[${index}]: ${op} needs a value.`, "invalidValue");
    }
    return { op, ...(path ? { path: path.trim() } : {}), ...(value !== undefined ? { value } : {}) };
  });
}

/** Applies operations to a (small) resource with scim-patch; its errors become SCIM 400s. */
export function applyPatch<T extends Record<string, unknown>>(resource: T, operations: PatchOperation[]): T {
  try {
    return scimPatch(structuredClone(resource) as unknown as ScimResource, operations as ScimPatchOperation[], {
      treatMissingAsAdd: true,
    }) as unknown as T;
  } catch (error) {
    if (error instanceof PatchLibraryError || (error instanceof Error && "scimCode" in error)) {
      const code = (error as { scimCode?: string }).scimCode;
      throw scimInvalid(
        error.message || "The patch cannot be applied.",
        code === "noTarget" || code === "invalidPath" || code === "invalidValue" ? code : "invalidPath",
      );
    }
    throw error;
  }
}

/** What a PATCH does to a group's members, in order; each step is one set-based statement. */
export type MemberStep = { kind: "add" | "remove" | "replace"; ids: string[] } | { kind: "clear" };

/**
 * Splits a group PATCH into member steps (set-based in SQL, never a 100k-member resource in
 * memory) and the operations on the group's other attributes. Understands `members` with a
 * value list (Okta sends batches, Entra sends `Remove` with a value list), `members[value eq "…"]`
 * (RFC 7644 3.5.2.2), and a path-less value object carrying `members`.
 */
export function splitGroupPatch(operations: PatchOperation[]): { steps: MemberStep[]; others: PatchOperation[] } {
  const steps: MemberStep[] = [];
  const others: PatchOperation[] = [];
  for (const operation of operations) {
    const path = operation.path?.toLowerCase();
    if (path === undefined && isObject(operation.value)) {
      const { members, rest } = takeMembers(operation.value);
      if (members !== undefined) steps.push(memberStep(operation.op, members));
      if (Object.keys(rest).length > 0) others.push({ ...operation, value: rest });
    } else if (path === "members") {
      steps.push(memberStep(operation.op, operation.value));
    } else if (path?.startsWith("members[")) {
      if (operation.op !== "remove") {
        throw scimInvalid(
          `${operation.op} with a filter on members is not supported: add members by value.`,
          "invalidPath",
        );
      }
      steps.push({ kind: "remove", ids: idsOfMemberFilter(operation.path!) });
    } else if (path?.startsWith("members.")) {
      throw scimInvalid(`${operation.path} cannot be changed: members are users, named by value.`, "mutability");
    } else {
      others.push(operation);
    }
  }
  return { steps, others };
}

function takeMembers(value: Record<string, unknown>) {
  const rest: Record<string, unknown> = {};
  let members: unknown;
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === "members") members = item;
    else rest[key] = item;
  }
  return { members, rest };
}

function memberStep(op: PatchOperation["op"], value: unknown): MemberStep {
  if (op === "remove" && (value === undefined || value === null)) return { kind: "clear" };
  const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const ids = items.map((item, index) => {
    const id = isObject(item) ? item.value : item;
    if (typeof id !== "string" || id === "") throw scimInvalid(`members[${index}] needs a value (a user id).`);
    return id;
  });
  return { kind: op, ids };
}

/** `members[value eq "a" or value eq "b"]` → ["a", "b"]. */
function idsOfMemberFilter(path: string): string[] {
  const match = /^members\[(.*)\]$/is.exec(path);
  let filter: Filter;
  try {
    if (!match) throw new Error();
    filter = parseFilter(match[1]!);
  } catch {
    throw scimInvalid(`The path ${path} is not a valid members filter.`, "invalidPath");
  }
  const ids: string[] = [];
  const walk = (f: Filter) => {
    if (f.op === "or") f.filters.forEach(walk);
    else if (f.op === "eq" && f.attrPath.toLowerCase() === "value" && typeof f.compValue === "string")
      ids.push(f.compValue);
    else throw scimInvalid(`Only members[value eq "…"] (joined with or) is supported, not ${path}.`, "invalidFilter");
  };
  walk(filter);
  return ids;
}

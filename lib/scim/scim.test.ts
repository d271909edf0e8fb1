import { describe, expect, it } from "vitest";
import { parseProjection, project, wants } from "./attributes";
import { ENTERPRISE_SCHEMA, SCIM_MAX_RESULTS, SEARCH_REQUEST_SCHEMA, USER_SCHEMA } from "./constants";
import { ScimError } from "./errors";
import { readPatchOperations, splitGroupPatch } from "./patch";
import { queryOfSearch, queryOfUrl, readSort } from "./query";
import { readScimUser } from "./users";

const resource = {
  schemas: [USER_SCHEMA],
  id: "1",
  userName: "a",
  name: { givenName: "A", familyName: "B" },
  emails: [{ value: "a@x.test", type: "work", primary: true }],
  [ENTERPRISE_SCHEMA]: { department: "D", employeeNumber: "7" },
  meta: { version: 'W/"1"' },
};

describe("attributes and excludedAttributes (RFC 7644 3.4.2.5)", () => {
  it("keeps id and schemas, sub-attributes, and extension attributes named with their URN", () => {
    const only = project(
      resource,
      parseProjection(`userName,name.givenName,${ENTERPRISE_SCHEMA}:department`, null),
      USER_SCHEMA,
    );
    expect(only).toEqual({
      schemas: [USER_SCHEMA],
      id: "1",
      userName: "a",
      name: { givenName: "A" },
      [ENTERPRISE_SCHEMA]: { department: "D" },
    });
  });

  it("excludes case-insensitively, never id", () => {
    const rest = project(resource, parseProjection(null, "NAME,emails.type,id,meta"), USER_SCHEMA);
    expect(rest).not.toHaveProperty("name");
    expect(rest).not.toHaveProperty("meta");
    expect(rest.id).toBe("1");
    expect(rest.emails).toEqual([{ value: "a@x.test", primary: true }]);
  });

  it("tells the DAL whether a costly attribute is wanted", () => {
    expect(wants(parseProjection(null, "members"), "members", USER_SCHEMA)).toBe(false);
    expect(wants(parseProjection("displayName", null), "members", USER_SCHEMA)).toBe(false);
    expect(wants(parseProjection("members.value", null), "members", USER_SCHEMA)).toBe(true);
    expect(wants(parseProjection(null, null), "members", USER_SCHEMA)).toBe(true);
  });
});

describe("PATCH requests (RFC 7644 3.5.2)", () => {
  const error = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e as ScimError;
    }
    throw new Error("no error");
  };

  it("lower-cases Entra's capitalised ops and refuses unknown ones", () => {
    expect(readPatchOperations({ Operations: [{ op: "Replace", path: "active", value: "False" }] })).toEqual([
      { op: "replace", path: "active", value: "False" },
    ]);
    expect(error(() => readPatchOperations({ Operations: [{ op: "move" }] })).status).toBe(400);
    expect(error(() => readPatchOperations({ Operations: [] })).scimType).toBe("invalidSyntax");
    expect(error(() => readPatchOperations({ Operations: [{ op: "remove" }] })).scimType).toBe("noTarget");
  });

  it("splits member steps from other operations, whatever form the members come in", () => {
    const { steps, others } = splitGroupPatch(
      readPatchOperations({
        Operations: [
          { op: "add", path: "members", value: [{ value: "a" }, { value: "b" }] },
          { op: "remove", path: 'members[value eq "a" or value eq "c"]' },
          { op: "Remove", path: "members", value: [{ $ref: null, value: "b" }] },
          { op: "replace", value: { displayName: "X", members: [{ value: "d" }] } },
          { op: "remove", path: "members" },
        ],
      }),
    );
    expect(steps).toEqual([
      { kind: "add", ids: ["a", "b"] },
      { kind: "remove", ids: ["a", "c"] },
      { kind: "remove", ids: ["b"] },
      { kind: "replace", ids: ["d"] },
      { kind: "clear" },
    ]);
    expect(others).toEqual([{ op: "replace", value: { displayName: "X" } }]);
    expect(error(() => splitGroupPatch([{ op: "remove", path: 'members[display eq "x"]' }])).scimType).toBe(
      "invalidFilter",
    );
  });
});

describe("reading a SCIM User", () => {
  it("derives displayName and email, and keeps extra attributes", () => {
    const user = readScimUser({
      userName: "Alice@Contoso.com",
      name: { givenName: "Alice", familyName: "Smith" },
      emails: [
        { value: "home@x.test", type: "home" },
        { value: "WORK@x.test", type: "work" },
      ],
      active: "True",
      title: "Dr",
    });
    expect(user).toMatchObject({
      userName: "alice@contoso.com",
      displayName: "Alice Smith",
      email: "work@x.test",
      active: true,
      attributes: { title: "Dr", name: { givenName: "Alice", familyName: "Smith" } },
    });
  });
});

describe("list queries (RFC 7644 3.4.2, 3.4.3)", () => {
  it("a GET's query string and a SearchRequest body give the same query", () => {
    const url = new URL(
      "http://x/scim/v2/Users?filter=userName%20eq%20%22a%22&sortBy=name.familyName&sortOrder=descending&startIndex=3&count=5&attributes=userName,emails",
    );
    const body = {
      schemas: [SEARCH_REQUEST_SCHEMA],
      filter: 'userName eq "a"',
      sortBy: "name.familyName",
      sortOrder: "descending",
      startIndex: 3,
      count: 5,
      attributes: ["userName", "emails"],
    };
    expect(queryOfSearch(body)).toEqual(queryOfUrl(url));
    expect(queryOfUrl(url)).toMatchObject({
      sort: { by: "name.familyName", descending: true },
      startIndex: 3,
      count: 5,
    });
  });

  it("clamps paging, defaults to ascending, ignores sortOrder alone, refuses other sort orders", () => {
    expect(queryOfUrl(new URL("http://x/?startIndex=-4&count=99999&sortOrder=descending"))).toMatchObject({
      startIndex: 1,
      count: SCIM_MAX_RESULTS,
      sort: null,
    });
    expect(readSort("userName", undefined)).toEqual({ by: "userName", descending: false });
    expect(readSort("userName", "ASCENDING")).toEqual({ by: "userName", descending: false });
    expect(() => readSort("userName", "desc")).toThrow(ScimError);
  });

  it("a body of the wrong shape is a 400 invalidSyntax naming the member", () => {
    const bad = (body: unknown) => {
      try {
        queryOfSearch(body);
      } catch (error) {
        return error instanceof ScimError ? [error.status, error.scimType, error.detail] : error;
      }
      return "accepted";
    };
    expect(bad("x")).toEqual([400, "invalidSyntax", expect.stringMatching(/SearchRequest object/)]);
    expect(bad({ schemas: "x" })).toEqual([400, "invalidSyntax", expect.stringMatching(/schemas/)]);
    expect(bad({ count: 2.5 })).toEqual([400, "invalidSyntax", expect.stringMatching(/count/)]);
    expect(bad({ excludedAttributes: {} })).toEqual([
      400,
      "invalidSyntax",
      expect.stringMatching(/excludedAttributes/),
    ]);
    expect(bad({ attributes: "userName, emails" })).toBe("accepted");
  });
});

/**
 * Searching with POST /.search (RFC 7644 3.4.3) and sorting (3.4.2.3), over HTTP handlers and
 * PostgreSQL. No mainstream provisioning client sends /.search (Okta and Entra ID list with GET
 * and a filter), so the bodies here are the RFC's own example and its variations.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { adminActor, createApiToken, resetDatabase, unique } from "@/lib/testing/factories";
import { GROUP_SCHEMA, SEARCH_REQUEST_SCHEMA, USER_SCHEMA } from "@/lib/scim/constants";
import { scim } from "./scim-testing/client";

const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
let full: string;
/** A prefix every resource of this file carries, so the filters see only them. */
const tag = unique("srch").toLowerCase();
const users: { id: string; userName: string; displayName: string; familyName?: string; externalId?: string }[] = [];
const groups: { id: string; displayName: string }[] = [];

const search = (body: Record<string, unknown>) => ({ schemas: [SEARCH_REQUEST_SCHEMA], ...body });
const ids = (answer: { body: { Resources: { id: string }[] } }) => answer.body.Resources.map((r) => r.id);
const newestFirst = (x: { id: string; meta: { created: string } }, y: { id: string; meta: { created: string } }) =>
  x.meta.created === y.meta.created ? (x.id < y.id ? -1 : 1) : x.meta.created < y.meta.created ? 1 : -1;
const idOf = (name: string) =>
  [...users, ...groups].find((r) => ("userName" in r ? r.userName : r.displayName) === name)!.id;

beforeAll(async () => {
  await resetDatabase();
  const admin = await adminActor();
  full = (await createApiToken(admin, ["users:read", "users:write", "groups:read", "groups:write", "members:write"]))
    .secret;
  // Display names repeat (ties), family names and externalIds are missing on some (no value).
  const people = [
    { name: "d", displayName: "Same Name", familyName: "Zed", externalId: "e-2" },
    { name: "a", displayName: "Same Name", familyName: "alpha" },
    { name: "c", displayName: "Carol Smith", familyName: "Beta", externalId: "e-1" },
    { name: "b", displayName: "bob smith" },
    { name: "e", displayName: "Same Name", familyName: "gamma", externalId: "e-3" },
  ];
  for (const person of people) {
    const userName = `${tag}-${person.name}`;
    const answer = await scim("POST", "/Users", {
      token: full,
      body: {
        schemas: [USER_SCHEMA],
        userName,
        displayName: person.displayName,
        emails: [{ value: `${userName}@example.test` }],
        ...(person.familyName ? { name: { familyName: person.familyName } } : {}),
        ...(person.externalId ? { externalId: person.externalId } : {}),
      },
    });
    expect(answer.status).toBe(201);
    users.push({ id: answer.body.id, userName, ...person });
  }
  for (const name of ["Smiths", "Owners"]) {
    const displayName = `${tag}-${name}`;
    const answer = await scim("POST", "/Groups", {
      token: full,
      body: { schemas: [GROUP_SCHEMA], displayName, members: [{ value: users[0]!.id }] },
    });
    expect(answer.status).toBe(201);
    groups.push({ id: answer.body.id, displayName });
  }
});

describe("POST /Users/.search and /Groups/.search (RFC 7644 3.4.3)", () => {
  it("answers exactly what the GET with the same parameters answers: filter, paging, attributes", async () => {
    const filter = `userName sw "${tag}-" and displayName co "smith"`;
    const posted = await scim("POST", "/Users/.search", {
      token: full,
      body: search({ filter, startIndex: 1, count: 1, attributes: ["userName", "displayName"] }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get("content-type")).toContain("application/scim+json");
    expect(posted.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 2,
      startIndex: 1,
      itemsPerPage: 1,
    });
    // Only id, schemas and the attributes asked for.
    expect(Object.keys(posted.body.Resources[0]).sort()).toEqual(["displayName", "id", "schemas", "userName"]);
    const query = new URLSearchParams({ filter, startIndex: "1", count: "1", attributes: "userName,displayName" });
    const got = await scim("GET", `/Users?${query}`, { token: full });
    expect(got.body).toEqual(posted.body);
    const second = await scim("POST", "/Users/.search", { token: full, body: search({ filter, startIndex: 2 }) });
    expect(second.body).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1 });
    expect([...ids(posted), ...ids(second)].sort()).toEqual([idOf(`${tag}-b`), idOf(`${tag}-c`)].sort());
  });

  it("excludedAttributes drops attributes (and a group's members are not read), names are case-insensitive", async () => {
    const answer = await scim("POST", "/Groups/.search", {
      token: full,
      body: { SCHEMAS: [SEARCH_REQUEST_SCHEMA], Filter: `displayName sw "${tag}-"`, excludedAttributes: ["members"] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.totalResults).toBe(2);
    expect(answer.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual([
      `${tag}-Owners`,
      `${tag}-Smiths`,
    ]);
    expect(answer.body.Resources[0].members).toBeUndefined();
    const withMembers = await scim("POST", "/Groups/.search", {
      token: full,
      body: search({ filter: `displayName eq "${tag}-Smiths"` }),
    });
    expect(withMembers.body.Resources[0].members).toEqual([expect.objectContaining({ value: users[0]!.id })]);
  });

  it("count 0 answers the total only; a count above the maximum is lowered; a body without schemas is accepted", async () => {
    const none = await scim("POST", "/Users/.search", {
      token: full,
      body: { filter: `userName sw "${tag}-"`, count: 0 },
    });
    expect(none.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    const many = await scim("POST", "/Users/.search", {
      token: full,
      body: search({ filter: `userName sw "${tag}-"`, count: 1_000_000 }),
    });
    expect(many.body.itemsPerPage).toBe(5);
  });
});

describe("POST /.search at the root: users and groups together", () => {
  it("the RFC's example request spans both resource types, each projected with its own attributes", async () => {
    // RFC 7644 3.4.3, the example, with this file's prefix in the filter.
    const answer = await scim("POST", "/.search", {
      token: full,
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        attributes: ["displayName", "userName"],
        filter: `displayName sw "${tag}-smith" or (userName sw "${tag}-" and displayName co "smith")`,
        startIndex: 1,
        count: 10,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.totalResults).toBe(3);
    // Without sortBy: users first (by userName), then groups (by displayName).
    expect(answer.body.Resources).toEqual([
      { schemas: [USER_SCHEMA], id: idOf(`${tag}-b`), userName: `${tag}-b`, displayName: "bob smith" },
      { schemas: [USER_SCHEMA], id: idOf(`${tag}-c`), userName: `${tag}-c`, displayName: "Carol Smith" },
      { schemas: [GROUP_SCHEMA], id: idOf(`${tag}-Smiths`), displayName: `${tag}-Smiths` },
    ]);
  });

  it("pages across the two types, filters on meta.resourceType and sorts them together", async () => {
    const mine = `(userName sw "${tag}-" or displayName sw "${tag}-")`;
    const pages: { id: string; meta: { created: string } }[] = [];
    for (let startIndex = 1; startIndex <= 7; startIndex += 3) {
      const page = await scim("POST", "/.search", {
        token: full,
        body: search({ filter: mine, startIndex, count: 3, sortBy: "meta.created", sortOrder: "descending" }),
      });
      expect(page.body.totalResults).toBe(7);
      pages.push(...page.body.Resources);
    }
    // Newest first (ties by id), users and groups mixed, each once.
    expect(pages.map((r) => r.id).sort()).toEqual([...groups, ...users].map((r) => r.id).sort());
    expect(pages.map((r) => r.id)).toEqual([...pages].sort(newestFirst).map((r) => r.id));
    expect(pages[0]!.id).toBe(groups[1]!.id);
    const onlyGroups = await scim("POST", "/.search", {
      token: full,
      body: search({ filter: `${mine} and meta.resourceType eq "Group"` }),
    });
    expect(ids(onlyGroups).sort()).toEqual(groups.map((g) => g.id).sort());
    // An attribute only users have: groups simply have no value for it.
    const byFamily = await scim("POST", "/.search", {
      token: full,
      body: search({ filter: `${mine} and not (name.familyName eq "Zed")`, sortBy: "name.familyName" }),
    });
    expect(ids(byFamily).slice(0, 3)).toEqual([idOf(`${tag}-a`), idOf(`${tag}-c`), idOf(`${tag}-e`)]);
    expect(byFamily.body.totalResults).toBe(6);
  });

  it("a token that reads only users finds only users; a filter or sortBy no type knows is a 400", async () => {
    const admin = await adminActor();
    const usersOnly = (await createApiToken(admin, ["users:read"])).secret;
    const answer = await scim("POST", "/.search", {
      token: usersOnly,
      body: search({ filter: `userName sw "${tag}-" or displayName sw "${tag}-"` }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.totalResults).toBe(5);
    expect(answer.body.Resources.every((r: { schemas: string[] }) => r.schemas[0] === USER_SCHEMA)).toBe(true);
    const unknown = await scim("POST", "/.search", { token: full, body: search({ filter: `shoeSize eq "9"` }) });
    expect([unknown.status, unknown.body.scimType]).toEqual([400, "invalidFilter"]);
    const unsortable = await scim("POST", "/.search", { token: full, body: search({ sortBy: "members" }) });
    expect([unsortable.status, unsortable.body.scimType]).toEqual([400, "invalidValue"]);
  });
});

describe("sortBy and sortOrder (RFC 7644 3.4.2.3)", () => {
  const mine = `userName sw "${tag}-"`;
  const list = async (params: Record<string, string>) => {
    const query = new URLSearchParams({ filter: mine, ...params });
    const answer = await scim("GET", `/Users?${query}`, { token: full });
    expect(answer.status).toBe(200);
    return answer.body.Resources.map((r: { userName: string }) => r.userName.slice(tag.length + 1)).join("");
  };

  it("sorts ascending by default and descending on request, case-insensitively", async () => {
    expect(await list({ sortBy: "userName" })).toBe("abcde");
    expect(await list({ sortBy: "userName", sortOrder: "descending" })).toBe("edcba");
    expect(await list({ sortBy: "urn:ietf:params:scim:schemas:core:2.0:User:userName", sortOrder: "Descending" })).toBe(
      "edcba",
    );
    expect(await list({ sortBy: "emails.value", sortOrder: "descending" })).toBe("edcba");
    // "alpha" < "Beta" < "gamma" < "Zed" whatever their case.
    expect(await list({ sortBy: "name.familyName" })).toBe("acedb");
  });

  it("sorts by meta.created and meta.lastModified (ties by id)", async () => {
    for (const [sortBy, key] of [
      ["meta.created", "created"],
      ["meta.lastModified", "lastModified"],
    ] as const) {
      const query = new URLSearchParams({ filter: mine, sortBy, sortOrder: "descending" });
      const rows: { id: string; meta: Record<string, string> }[] = (
        await scim("GET", `/Users?${query}`, { token: full })
      ).body.Resources;
      const expected = [...rows].sort((x, y) =>
        x.meta[key] === y.meta[key] ? (x.id < y.id ? -1 : 1) : x.meta[key]! < y.meta[key]! ? 1 : -1,
      );
      expect(
        rows.map((r) => r.id),
        sortBy,
      ).toEqual(expected.map((r) => r.id));
      expect(rows.length).toBe(5);
    }
  });

  it("ties are broken by id, in both orders, so that pages never overlap or skip", async () => {
    const tied = users.filter((u) => u.displayName === "Same Name").sort((x, y) => (x.id < y.id ? -1 : 1));
    const tiedNames = tied.map((u) => u.userName.slice(-1)).join("");
    // "bob smith" < "carol smith" < "same name" (x3).
    expect(await list({ sortBy: "displayName" })).toBe(`bc${tiedNames}`);
    expect(await list({ sortBy: "displayName", sortOrder: "descending" })).toBe(`${tiedNames}cb`);
    let paged = "";
    for (let startIndex = 1; startIndex <= 5; startIndex += 2) {
      paged += await list({ sortBy: "displayName", startIndex: String(startIndex), count: "2" });
    }
    expect(paged).toBe(`bc${tiedNames}`);
  });

  it("resources without a value come last ascending and first descending", async () => {
    const ascending = await list({ sortBy: "externalId" });
    expect(ascending.slice(0, 3)).toBe("cde");
    expect(ascending.slice(3).split("").sort().join("")).toBe("ab");
    const missingFirst = await list({ sortBy: "externalId", sortOrder: "descending" });
    expect(missingFirst.slice(0, 2).split("").sort().join("")).toBe("ab");
    expect(missingFirst.slice(2)).toBe("edc");
  });

  it("the same on POST /.search and on groups; sortOrder without sortBy changes nothing", async () => {
    const answer = await scim("POST", "/Users/.search", {
      token: full,
      body: search({ filter: mine, sortBy: "userName", sortOrder: "descending", count: 2 }),
    });
    expect(answer.body.Resources.map((r: { userName: string }) => r.userName)).toEqual([`${tag}-e`, `${tag}-d`]);
    const groupsDown = await scim(
      "GET",
      `/Groups?${new URLSearchParams({ filter: `displayName sw "${tag}-"`, sortBy: "displayName", sortOrder: "descending" })}`,
      { token: full },
    );
    expect(ids(groupsDown)).toEqual([idOf(`${tag}-Smiths`), idOf(`${tag}-Owners`)]);
    expect(await list({ sortOrder: "descending" })).toBe("abcde");
  });

  it("an attribute that does not sort, or a sortOrder other than ascending/descending, is a 400 invalidValue", async () => {
    for (const query of ["sortBy=groups", "sortBy=shoeSize", "sortBy=userName&sortOrder=up"]) {
      const answer = await scim("GET", `/Users?${query}`, { token: full });
      expect([answer.status, answer.body.schemas, answer.body.scimType], query).toEqual([400, [ERROR], "invalidValue"]);
      expect(answer.body.detail).toMatch(/sort/i);
    }
    const members = await scim("GET", "/Groups?sortBy=members.value", { token: full });
    expect([members.status, members.body.scimType]).toEqual([400, "invalidValue"]);
  });
});

describe("authentication, authorization and bad bodies on /.search", () => {
  it("401 without a token, 403 for a token without the read permission of the type", async () => {
    for (const path of ["/.search", "/Users/.search", "/Groups/.search"]) {
      const answer = await scim("POST", path, { token: null, body: search({}) });
      expect([answer.status, answer.body.schemas], path).toEqual([401, [ERROR]]);
      expect(answer.headers.get("www-authenticate"), path).toMatch(/^Bearer/);
    }
    const admin = await adminActor();
    const writer = (await createApiToken(admin, ["users:write", "groups:write", "members:write"])).secret;
    const groupReader = (await createApiToken(admin, ["groups:read"])).secret;
    for (const [token, path] of [
      [writer, "/.search"],
      [writer, "/Users/.search"],
      [writer, "/Groups/.search"],
      [groupReader, "/Users/.search"],
    ] as const) {
      const answer = await scim("POST", path, { token, body: search({}) });
      expect([answer.status, answer.body.schemas], path).toEqual([403, [ERROR]]);
    }
    expect((await scim("POST", "/Groups/.search", { token: groupReader, body: search({}) })).status).toBe(200);
  });

  it("a body that is not a SearchRequest is a 400 in the SCIM error schema that says what is wrong", async () => {
    const cases: [string, { body?: unknown; rawBody?: string }, RegExp][] = [
      ["not JSON", { rawBody: "{filter:" }, /not valid JSON/],
      ["empty", { rawBody: "" }, /needs a JSON body/],
      ["a list", { body: [search({})] }, /SearchRequest object/],
      ["another message", { body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"] } }, /schemas must be/],
      ["filter not a string", { body: search({ filter: { userName: "x" } }) }, /filter must be a string/],
      ["count not an integer", { body: search({ count: "10" }) }, /count must be an integer/],
      ["startIndex a fraction", { body: search({ startIndex: 1.5 }) }, /startIndex must be an integer/],
      ["attributes not names", { body: search({ attributes: [1, 2] }) }, /attributes must be a list/],
      ["bad filter", { body: search({ filter: 'userName eq "x" and' }) }, /not valid SCIM filter/],
      ["bad sortOrder", { body: search({ sortBy: "userName", sortOrder: "down" }) }, /sortOrder must be/],
    ];
    for (const [label, options, detail] of cases) {
      const answer = await scim("POST", "/Users/.search", { token: full, ...options });
      expect(answer.status, label).toBe(400);
      expect(answer.body.schemas, label).toEqual([ERROR]);
      expect(answer.body.detail, label).toMatch(detail);
      expect(JSON.stringify(answer.body), label).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from "@/lib/scim/constants";
import { ScimError } from "@/lib/scim/errors";
import { version } from "@/lib/scim/users";
import {
  actorFor,
  adminActor,
  createGroup,
  createUser,
  plainActor,
  resetDatabase,
  unique,
} from "@/lib/testing/factories";
import type { Actor } from "../actor";
import { db } from "../db";
import { scimCreateUser, scimGetUser, scimListUsers, scimPatchUser, scimReplaceUser } from "./users";

const list = (actor: Actor, filter: string | null, startIndex = 1, count = 100) =>
  scimListUsers(actor, { filter, startIndex, count, withGroups: false });

async function scimError(promise: Promise<unknown>): Promise<ScimError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScimError);
  return error as ScimError;
}

function userBody(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: "Barbara", familyName: "Jensen" },
    emails: [{ value: `${userName.split("@")[0]}@mail.example`, type: "work", primary: true }],
    active: true,
    ...extra,
  };
}

describe("SCIM Users (RFC 7644 3.3 create, 3.4 query, 3.5 modify)", () => {
  let admin: Actor;
  beforeEach(async () => {
    await resetDatabase();
    admin = await adminActor();
  });

  it("3.3: creates a user from a SCIM body; userName is case-insensitive and unique (409 uniqueness)", async () => {
    const created = await scimCreateUser(admin, userBody("Bjensen@Example.com", { externalId: "ext-1" }));
    expect(created).toMatchObject({
      username: "bjensen@example.com",
      displayName: "Barbara Jensen",
      externalId: "ext-1",
    });
    expect(created.status).toBe("ACTIVE");
    const clash = await scimError(scimCreateUser(admin, userBody("BJENSEN@example.com")));
    expect(clash.status).toBe(409);
    expect(clash.scimType).toBe("uniqueness");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.created", targetId: created.id } });
    expect(event.actorName).toBe(admin.username);
  });

  it("keeps the enterprise extension, name parts and externalId as sent; Entra's bare manager id becomes { value }", async () => {
    const created = await scimCreateUser(
      admin,
      userBody("ent@example.com", {
        schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
        title: "Engineer",
        [ENTERPRISE_SCHEMA]: { employeeNumber: "701984", department: "Tour Operations", manager: "mgr-1" },
      }),
    );
    expect(created.scimAttributes).toMatchObject({
      title: "Engineer",
      name: { givenName: "Barbara", familyName: "Jensen" },
      [ENTERPRISE_SCHEMA]: { employeeNumber: "701984", department: "Tour Operations", manager: { value: "mgr-1" } },
    });
  });

  it("refuses bad input with a 400 and creates nothing", async () => {
    for (const body of [
      null,
      "text",
      { userName: "" },
      userBody("no-email", { emails: [] }),
      userBody("bad email", {}),
      userBody("ctl@example.com", { title: "a\u0000b" }),
      userBody("act@example.com", { active: "maybe" }),
    ]) {
      const error = await scimError(scimCreateUser(admin, body));
      expect(error.status).toBe(400);
    }
    expect(await db.user.count()).toBe(1);
  });

  it("3.4.2.2: filters run in SQL: eq, ne, co, sw, ew, pr, gt/ge/lt/le, and/or/not, grouping, value paths", async () => {
    for (const [name, title, active] of [
      ["alice@corp.example", "Engineer", true],
      ["bob@corp.example", "Manager", false],
      ["carol@other.example", "Engineer", true],
    ] as const) {
      await scimCreateUser(admin, userBody(name, { title, active, externalId: `ext-${name}` }));
    }
    const names = async (filter: string) => (await list(admin, filter)).rows.map((r) => r.username).sort();
    expect(await names('userName eq "ALICE@corp.example"')).toEqual(["alice@corp.example"]);
    expect(await names('userName ne "alice@corp.example" and userName co "@"')).toEqual([
      "bob@corp.example",
      "carol@other.example",
    ]);
    expect(await names('userName sw "b"')).toEqual(["bob@corp.example"]);
    expect(await names('userName ew "other.example"')).toEqual(["carol@other.example"]);
    expect(await names("title pr and active eq true")).toEqual(["alice@corp.example", "carol@other.example"]);
    expect(await names('not (title eq "engineer")')).toContain("bob@corp.example");
    expect(await names('userName gt "b" and userName lt "c"')).toEqual(["bob@corp.example"]);
    expect(await names('userName ge "carol@other.example"')).toEqual(["carol@other.example"]);
    expect(await names('userName le "alice@corp.example" and userName co "corp"')).toEqual(["alice@corp.example"]);
    expect(
      await names(
        '(title eq "Manager" or title eq "engineer") and emails[type eq "work" and (value sw "a" or value sw "b")]',
      ),
    ).toEqual(["alice@corp.example", "bob@corp.example"]);
    expect(await names('emails[type eq "work"].value eq "carol@mail.example"')).toEqual(["carol@other.example"]);
    expect(await names('externalId eq "ext-bob@corp.example"')).toEqual(["bob@corp.example"]);
    expect(await names('externalId eq "EXT-bob@corp.example"')).toEqual([]); // externalId is caseExact
    expect(await names('name.givenName eq "barbara" and userName sw "a"')).toEqual(["alice@corp.example"]);
    expect(await names(`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bob@corp.example"`)).toEqual([
      "bob@corp.example",
    ]);
    expect(await names('meta.created gt "2000-01-01T00:00:00Z" and userName sw "c"')).toEqual(["carol@other.example"]);
    // A value with LIKE's wildcards matches them literally.
    expect(await names('userName co "%"')).toEqual([]);
  });

  it("filters on groups and the enterprise extension", async () => {
    const user = await scimCreateUser(
      admin,
      userBody("dept@example.com", { [ENTERPRISE_SCHEMA]: { department: "Finance" } }),
    );
    const group = await createGroup({ memberIds: [user.id] });
    const names = async (filter: string) => (await list(admin, filter)).rows.map((r) => r.username);
    expect(await names(`${ENTERPRISE_SCHEMA}:department eq "finance"`)).toEqual(["dept@example.com"]);
    expect(await names(`groups[value eq "${group.id}"]`)).toEqual(["dept@example.com"]);
    expect(await names(`groups.display eq "${group.name.toUpperCase()}"`)).toEqual(["dept@example.com"]);
    expect(await names(`id eq "not-a-uuid"`)).toEqual([]);
  });

  it("a bad filter is a 400 invalidFilter", async () => {
    for (const filter of [
      "userName eq",
      'bogus eq "x"',
      "active eq 3",
      'active gt "x"',
      'meta.created gt "yesterday"',
    ]) {
      const error = await scimError(list(admin, filter));
      expect([error.status, error.scimType], filter).toEqual([400, "invalidFilter"]);
    }
  });

  it("3.4.2.4: pages with startIndex and count; totalResults counts every match", async () => {
    for (let i = 0; i < 5; i++) await scimCreateUser(admin, userBody(`page${i}@example.com`));
    const page = await list(admin, 'userName sw "page"', 2, 2);
    expect(page.totalResults).toBe(5);
    expect(page.rows.map((r) => r.username)).toEqual(["page1@example.com", "page2@example.com"]);
    expect((await list(admin, 'userName sw "page"', 4, 10)).totalResults).toBe(5);
    expect(await list(admin, 'userName sw "page"', 9, 10)).toEqual({ totalResults: 5, rows: [] });
    expect((await list(admin, 'userName eq "nobody"')).totalResults).toBe(0);
    const countOnly = await list(admin, 'userName sw "page"', 1, 0);
    expect(countOnly).toEqual({ totalResults: 5, rows: [] });
  });

  it("3.5.1: PUT replaces the user; If-Match with a stale version is a 412", async () => {
    const user = await scimCreateUser(admin, userBody("put@example.com"));
    const stale = version(new Date(user.updatedAt.getTime() - 1000));
    const error = await scimError(
      scimReplaceUser(admin, user.id, userBody("put@example.com", { displayName: "X" }), stale),
    );
    expect(error.status).toBe(412);
    const replaced = await scimReplaceUser(
      admin,
      user.id,
      userBody("put@example.com", { displayName: "Babs", title: "CEO" }),
      version(user.updatedAt),
    );
    expect(replaced.displayName).toBe("Babs");
    expect(replaced.scimAttributes).toMatchObject({ title: "CEO" });
  });

  it("3.5.2: PATCH add/replace/remove with and without path; groups is read-only", async () => {
    const user = await scimCreateUser(admin, userBody("patch@example.com", { title: "Old" }));
    const patched = await scimPatchUser(
      admin,
      user.id,
      {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: "replace", path: "name.givenName", value: "Babs" },
          { op: "add", path: 'emails[type eq "work"].value', value: "new@mail.example" },
          { op: "remove", path: "title" },
          { op: "replace", value: { displayName: "Babs Jensen", nickName: "B" } },
        ],
      },
      null,
    );
    expect(patched).toMatchObject({ email: "new@mail.example", displayName: "Babs Jensen" });
    expect(patched.scimAttributes).toMatchObject({ name: { givenName: "Babs" }, nickName: "B" });
    expect(patched.scimAttributes).not.toHaveProperty("title");
    const error = await scimError(
      scimPatchUser(admin, user.id, { Operations: [{ op: "add", path: "groups", value: [{ value: "x" }] }] }, null),
    );
    expect([error.status, error.scimType]).toEqual([400, "mutability"]);
    const bad = await scimError(scimPatchUser(admin, user.id, { Operations: [{ op: "move", path: "title" }] }, null));
    expect(bad.status).toBe(400);
  });

  it("a PUT that changes nothing writes nothing: same version, no audit row (Okta PUTs whole users often)", async () => {
    const body = userBody("same@example.com", {
      title: "T",
      [ENTERPRISE_SCHEMA]: { department: "D", costCenter: "C" },
    });
    const user = await scimCreateUser(admin, body);
    const again = await scimReplaceUser(admin, user.id, body, null);
    expect(version(again.updatedAt)).toBe(version(user.updatedAt));
    expect(await db.auditEvent.count({ where: { targetId: user.id, action: "user.updated" } })).toBe(0);
  });

  it("active false disables the user exactly as the screen does: session version bumped, audited", async () => {
    const user = await scimCreateUser(admin, userBody("active@example.com"));
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
    await scimPatchUser(admin, user.id, { Operations: [{ op: "replace", path: "active", value: false }] }, null);
    const after = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { status: true, sessionVersion: true },
    });
    expect(after).toEqual({ status: "DISABLED", sessionVersion: before.sessionVersion + 1 });
    expect(await db.auditEvent.count({ where: { action: "user.disabled", targetId: user.id } })).toBe(1);
  });

  it("the last administrator cannot be disabled through SCIM", async () => {
    await resetDatabase();
    const only = await adminActor();
    const error = await scimPatchUser(
      only,
      only.id,
      { Operations: [{ op: "replace", value: { active: false } }] },
      null,
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/without an administrator/);
    expect((await db.user.findUniqueOrThrow({ where: { id: only.id } })).status).toBe("ACTIVE");
  });

  it("reads return groups; reading needs users:read, writing users:write", async () => {
    const user = await createUser();
    const group = await createGroup({ memberIds: [user.id] });
    expect((await scimGetUser(admin, user.id)).groups).toEqual([{ id: group.id, name: group.name }]);
    const nobody = await plainActor();
    await expect(scimGetUser(nobody, user.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(scimCreateUser(nobody, userBody(unique("x") + "@example.com"))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const missing = await scimError(scimGetUser(admin, "00000000-0000-4000-8000-000000000000"));
    expect(missing.status).toBe(404);
    void actorFor;
  });
});

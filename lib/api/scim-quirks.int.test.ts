/**
 * What Microsoft Entra ID's provisioning service and Okta send, as recorded in their public SCIM
 * documentation ("Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra
 * ID", its "Known issues" on PATCH behaviour, and Okta's "SCIM 2.0 protocol reference"), replayed
 * against the route handlers and PostgreSQL.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from "@/lib/scim/constants";
import { adminActor, createApiToken, resetDatabase } from "@/lib/testing/factories";
import { db } from "@/lib/dal/db";
import { scim } from "./scim-testing/client";

let token: string;
beforeEach(async () => {
  await resetDatabase();
  const admin = await adminActor();
  token = (await createApiToken(admin, ["users:read", "users:write", "groups:read", "groups:write", "members:write"]))
    .secret;
});
const call = (method: string, path: string, body?: unknown) => scim(method, path, { token, body });

describe("Microsoft Entra ID", () => {
  const entraUser = {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
    active: true,
    emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com" }],
    meta: { resourceType: "User" },
    name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    roles: [],
  };

  it("looks the user up by userName before creating it, then creates it (201, Location, ETag)", async () => {
    const lookup = await call("GET", `/Users?filter=${encodeURIComponent(`userName eq "${entraUser.userName}"`)}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await call("POST", "/Users", entraUser);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`http://gatehouse.test/scim/v2/Users/${created.body.id}`);
    expect(created.headers.get("etag")).toBe(created.body.meta.version);
    expect(created.headers.get("content-type")).toBe("application/scim+json");
    expect(created.body).toMatchObject({
      userName: entraUser.userName.toLowerCase(),
      externalId: entraUser.externalId,
      active: true,
      name: { givenName: "givenName", familyName: "familyName" },
      emails: [{ value: entraUser.emails[0]!.value.toLowerCase(), primary: true }],
    });
    const again = await call("GET", `/Users?filter=${encodeURIComponent(`userName eq "${entraUser.userName}"`)}`);
    expect(again.body.totalResults).toBe(1);
    const duplicate = await call("POST", "/Users", entraUser);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ scimType: "uniqueness", status: "409" });
  });

  it('capitalised Replace/Add ops, "False" as a string, replace without a path carrying an object, manager as a list', async () => {
    const { body: user } = await call("POST", "/Users", entraUser);
    const multi = await call("PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
        { op: "Add", path: `${ENTERPRISE_SCHEMA}:manager`, value: [{ $ref: null, value: "2819c223-7f76-453a-919d" }] },
        { op: "Add", path: `${ENTERPRISE_SCHEMA}:department`, value: "Sales" },
      ],
    });
    expect(multi.status).toBe(200);
    expect(multi.body.emails[0].value).toBe("updatedemail@microsoft.com");
    expect(multi.body.name.familyName).toBe("updatedFamilyName");
    expect(multi.body[ENTERPRISE_SCHEMA]).toMatchObject({
      manager: { value: "2819c223-7f76-453a-919d" },
      department: "Sales",
    });
    const noPath = await call("PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "replace", value: { displayName: "Renamed", "name.givenName": "Given", active: true } }],
    });
    expect(noPath.body).toMatchObject({ displayName: "Renamed", name: { givenName: "Given" } });
    const found = await call(
      "GET",
      `/Users?filter=${encodeURIComponent(`${ENTERPRISE_SCHEMA}:department eq "sales"`)}`,
    );
    expect(found.body.totalResults).toBe(1);
    // The soft delete: active "False" (a string) disables and signs the user out.
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const disabled = await call("PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(disabled.body.active).toBe(false);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.status).toBe("DISABLED");
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    const inactive = await call("GET", `/Users?filter=${encodeURIComponent("active eq false")}`);
    expect(inactive.body.Resources.map((r: { id: string }) => r.id)).toEqual([user.id]);
    // 30 days later Entra deletes the user: gone, with the username kept in the audit log.
    const deleted = await call("DELETE", `/Users/${user.id}`);
    expect(deleted.status).toBe(204);
    expect((await call("GET", `/Users/${user.id}`)).status).toBe(404);
    expect(await db.auditEvent.count({ where: { action: "user.deleted", targetId: user.id } })).toBe(1);
  });

  it("groups: create, find by displayName without members, add and remove members with value lists, rename", async () => {
    const { body: user } = await call("POST", "/Users", entraUser);
    const created = await call("POST", "/Groups", {
      schemas: [GROUP_SCHEMA],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "displayName",
      meta: { resourceType: "Group" },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const byName = await call(
      "GET",
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "displayName"')}`,
    );
    expect(byName.body.Resources).toHaveLength(1);
    expect(byName.body.Resources[0]).not.toHaveProperty("members");
    const add = await call("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: user.id }] }],
    });
    expect(add.status).toBe(204);
    const check = await call(
      "GET",
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`id eq "${id}" and members[value eq "${user.id}"]`)}`,
    );
    expect(check.body.totalResults).toBe(1);
    const remove = await call("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: user.id }] }],
    });
    expect(remove.status).toBe(204);
    const rename = await call("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [
        { op: "Replace", path: "displayName", value: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" },
      ],
    });
    expect(rename.status).toBe(204);
    const group = await call("GET", `/Groups/${id}`);
    expect(group.body).toMatchObject({
      displayName: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName",
      members: [],
    });
    const gone = await call("DELETE", `/Groups/${id}`);
    expect(gone.status).toBe(204);
    expect((await call("GET", `/Groups/${id}`)).status).toBe(404);
  });
});

describe("Okta", () => {
  const oktaUser = {
    schemas: [USER_SCHEMA],
    userName: "test.user@okta.local",
    name: { givenName: "Test", familyName: "User" },
    emails: [{ primary: true, value: "test.user@okta.local", type: "work" }],
    displayName: "Test User",
    locale: "en-US",
    externalId: "00ujl29u0le5T6Aj10h7",
    groups: [],
    password: "1mz050nq-Gatehouse",
    active: true,
  };

  it("creates, then PUTs the whole user, deactivates with a path-less replace, and reactivates", async () => {
    const lookup = await call(
      "GET",
      `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`,
    );
    expect(lookup.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0 });
    const created = await call("POST", "/Users", oktaUser);
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty("password");
    expect((await db.user.findUniqueOrThrow({ where: { id: created.body.id } })).passwordHash).not.toBeNull();
    const { password: _password, ...withoutPassword } = oktaUser;
    const put = await call("PUT", `/Users/${created.body.id}`, {
      ...withoutPassword,
      id: created.body.id,
      name: { givenName: "Another", familyName: "User" },
      displayName: "Another User",
      meta: created.body.meta,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: "Another User", name: { givenName: "Another" }, locale: "en-US" });
    const off = await call("PATCH", `/Users/${created.body.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(off.body.active).toBe(false);
    const on = await call("PUT", `/Users/${created.body.id}`, { ...withoutPassword, active: true });
    expect(on.body.active).toBe(true);
    expect(await db.auditEvent.count({ where: { targetId: created.body.id, action: "user.enabled" } })).toBe(1);
  });

  it("a password weaker than Gatehouse's policy is a 400 that says so, and creates nothing", async () => {
    const weak = await call("POST", "/Users", { ...oktaUser, password: "1mz050nq" });
    expect(weak.status).toBe(400);
    expect(weak.body.detail).toMatch(/password.*12 characters/);
    expect(await db.user.count({ where: { username: "test.user@okta.local" } })).toBe(0);
  });

  it("pushes a group, then members in batches of add and remove, and renames with a path-less replace", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { body } = await call("POST", "/Users", {
        ...oktaUser,
        password: undefined,
        userName: `u${i}@okta.local`,
        emails: [{ value: `u${i}@okta.local`, primary: true }],
      });
      ids.push(body.id);
    }
    const created = await call("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "Test SCIMv2", members: [] });
    const id = created.body.id;
    for (const batch of [ids.slice(0, 3), ids.slice(3)]) {
      const added = await call("PATCH", `/Groups/${id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: "add", path: "members", value: batch.map((value, i) => ({ value, display: `u${i}@okta.local` })) },
        ],
      });
      expect(added.status).toBe(204);
    }
    const removed = await call("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [
        { op: "remove", path: `members[value eq "${ids[0]}"]` },
        { op: "remove", path: `members[value eq "${ids[1]}"]` },
      ],
    });
    expect(removed.status).toBe(204);
    const renamed = await call("PATCH", `/Groups/${id}?excludedAttributes=members`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "replace", value: { id, displayName: "Test SCIMv2 updated" } }],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe("Test SCIMv2 updated");
    const listed = await call(
      "GET",
      `/Groups?filter=${encodeURIComponent('displayName eq "Test SCIMv2 updated"')}&startIndex=1&count=100`,
    );
    expect(listed.body.Resources[0].members.map((m: { value: string }) => m.value).sort()).toEqual(ids.slice(2).sort());
    const rows = await db.membership.findMany({ where: { groupId: id } });
    expect(rows.every((row) => row.scim && row.scimTokenId)).toBe(true);
  });
});

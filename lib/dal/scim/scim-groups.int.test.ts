import { beforeEach, describe, expect, it } from "vitest";
import { GROUP_SCHEMA, PATCH_SCHEMA } from "@/lib/scim/constants";
import { ScimError } from "@/lib/scim/errors";
import { version } from "@/lib/scim/users";
import {
  adminActor,
  adminRole,
  bearer,
  createApiToken,
  createGroup,
  createUser,
  resetDatabase,
  unique,
} from "@/lib/testing/factories";
import { authenticateBearer } from "../token-auth";
import type { Actor } from "../actor";
import { db } from "../db";
import {
  scimCreateGroup,
  scimDeleteGroup,
  scimGetGroup,
  scimListGroups,
  scimPatchGroup,
  scimReplaceGroup,
} from "./groups";

async function scimError(promise: Promise<unknown>): Promise<ScimError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScimError);
  return error as ScimError;
}

async function manyUsers(n: number): Promise<string[]> {
  const tag = unique("many");
  await db.$executeRaw`
    INSERT INTO "User" ("id", "username", "email", "displayName", "updatedAt")
    SELECT gen_random_uuid(), ${tag} || '-' || i, ${tag} || '-' || i || '@example.test', ${tag}, now()
    FROM generate_series(1, ${n}) AS i`;
  return (await db.user.findMany({ where: { displayName: tag }, select: { id: true } })).map((row) => row.id);
}

async function tokenActor(creator: Actor, permissions: string[]): Promise<Actor> {
  const { secret } = await createApiToken(creator, permissions);
  const auth = await authenticateBearer(bearer(secret));
  if (!auth.ok) throw new Error(auth.message);
  return auth.actor;
}

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });

describe("SCIM Groups (RFC 7644 3.3-3.6)", () => {
  let admin: Actor;
  /** The actor of an API token of admin's, as /scim/v2 authenticates it. */
  let token: Actor;
  beforeEach(async () => {
    await resetDatabase();
    admin = await adminActor();
    token = await tokenActor(admin, ["users:read", "groups:read", "groups:write", "members:write"]);
  });

  it("creates a group with members (SCIM source, this token), externalId kept; duplicate displayName is 409", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const group = await scimCreateGroup(token, {
      schemas: [GROUP_SCHEMA],
      displayName: "Sales EMEA",
      externalId: "aad-123",
      members: [{ value: a.id }, { value: b.id }],
    });
    expect(group).toMatchObject({ name: "Sales EMEA", externalId: "aad-123" });
    expect(group.members?.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    const rows = await db.membership.findMany({ where: { groupId: group.id } });
    expect(rows.every((m) => m.scim && !m.manual && m.scimTokenId === token.token!.id)).toBe(true);
    const clash = await scimError(scimCreateGroup(token, { displayName: "sales emea" }));
    expect([clash.status, clash.scimType]).toEqual([409, "uniqueness"]);
  });

  it("refuses nested groups and unknown members, and applies nothing of the request", async () => {
    const user = await createUser();
    const other = await createGroup();
    const nested = await scimError(
      scimCreateGroup(token, { displayName: "Nest", members: [{ value: user.id }, { value: other.id }] }),
    );
    expect(nested.status).toBe(400);
    expect(nested.detail).toMatch(/nested groups are not supported/);
    expect(await db.group.count({ where: { name: "Nest" } })).toBe(0);
    const group = await createGroup();
    const unknownId = await scimError(
      scimPatchGroup(
        token,
        group.id,
        patch(
          { op: "add", path: "members", value: [{ value: user.id }] },
          { op: "add", path: "members", value: [{ value: "00000000-0000-4000-8000-000000000000" }] },
        ),
        null,
      ),
    );
    expect(unknownId.status).toBe(400);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("PATCH members: add, remove by filter path, replace, remove all; audited through SCIM", async () => {
    const [a, b, c] = [await createUser(), await createUser(), await createUser()];
    const group = await createGroup({ memberIds: [a.id] });
    const members = async () => (await scimGetGroup(admin, group.id)).members!.map((m) => m.id).sort();
    await scimPatchGroup(
      token,
      group.id,
      patch({ op: "add", path: "members", value: [{ value: b.id }, { value: c.id }] }),
      null,
    );
    expect(await members()).toEqual([a.id, b.id, c.id].sort());
    await scimPatchGroup(token, group.id, patch({ op: "remove", path: `members[value eq "${b.id}"]` }), null);
    expect(await members()).toEqual([a.id, c.id].sort());
    await scimPatchGroup(token, group.id, patch({ op: "replace", path: "members", value: [{ value: b.id }] }), null);
    expect(await members()).toEqual([b.id]);
    await scimPatchGroup(token, group.id, patch({ op: "remove", path: "members" }), null);
    expect(await members()).toEqual([]);
    const events = await db.auditEvent.findMany({ where: { targetId: group.id }, orderBy: { id: "asc" } });
    const summaries = events.map((e) => e.summary);
    // Each row names the group's stage, as the screens' rows do (the audit log filters by it).
    const stage = await db.stage.findFirstOrThrow({ where: { groups: { some: { id: group.id } } } });
    expect(new Set(events.map((e) => `${e.stageId} ${e.stageName}`))).toEqual(new Set([`${stage.id} ${stage.name}`]));
    expect(summaries[0]).toMatch(/^token token-\w+ \(created by admin-\w+\) added .* to group .* through SCIM$/);
    expect(summaries.some((s) => /removed .* from group .* through SCIM$/.test(s))).toBe(true);
  });

  it("a member added by hand gains SCIM as a second source (not a new membership)", async () => {
    const user = await createUser();
    const group = await createGroup({ memberIds: [user.id] });
    await scimPatchGroup(token, group.id, patch({ op: "add", path: "members", value: [{ value: user.id }] }), null);
    const row = await db.membership.findUniqueOrThrow({
      where: { groupId_userId: { groupId: group.id, userId: user.id } },
    });
    expect(row).toMatchObject({ manual: true, scim: true, scimTokenId: token.token!.id });
    expect(await db.auditEvent.count({ where: { targetId: group.id } })).toBe(0);
  });

  it("adds 10,000 members in one PATCH, atomically", async () => {
    const group = await createGroup();
    const ids = await manyUsers(10_000);
    const value = ids.map((id) => ({ value: id }));
    await scimPatchGroup(token, group.id, patch({ op: "add", path: "members", value }), null);
    expect(await db.membership.count({ where: { groupId: group.id, scim: true } })).toBe(10_000);
    expect(await db.auditEvent.count({ where: { targetId: group.id, action: "group.member_added" } })).toBe(10_000);
  });

  it("PATCH displayName, PUT with members, If-Match 412, DELETE", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const group = await scimCreateGroup(token, { displayName: unique("g"), members: [{ value: a.id }] });
    const renamed = await scimPatchGroup(
      token,
      group.id,
      patch({ op: "replace", path: "displayName", value: "Renamed" }),
      version(group.updatedAt),
    );
    expect(renamed.name).toBe("Renamed");
    const stale = await scimError(scimReplaceGroup(token, group.id, { displayName: "X" }, version(group.updatedAt)));
    expect(stale.status).toBe(412);
    const replaced = await scimReplaceGroup(token, group.id, { displayName: "Put", members: [{ value: b.id }] }, null);
    expect(replaced.members?.map((m) => m.id)).toEqual([b.id]);
    await scimDeleteGroup(admin, group.id);
    expect(await db.group.count({ where: { id: group.id } })).toBe(0);
  });

  it("filters groups by displayName, externalId and members", async () => {
    const user = await createUser();
    const group = await scimCreateGroup(token, {
      displayName: "Filter Me",
      externalId: "e-1",
      members: [{ value: user.id }],
    });
    await createGroup();
    const ids = async (filter: string) =>
      (await scimListGroups(admin, { filter, startIndex: 1, count: 100, withMembers: false })).rows.map((g) => g.id);
    expect(await ids('displayName eq "filter me"')).toEqual([group.id]);
    expect(await ids('externalId eq "e-1"')).toEqual([group.id]);
    expect(await ids(`id eq "${group.id}" and members[value eq "${user.id}"]`)).toEqual([group.id]);
    expect(await ids(`members eq "${user.id}"`)).toEqual([group.id]);
  });

  it("removing the last administrator through SCIM is refused", async () => {
    await resetDatabase();
    const role = await adminRole();
    const adminUser = await createUser();
    const group = await createGroup({ roleIds: [role.id], memberIds: [adminUser.id] });
    const { actorFor } = await import("@/lib/testing/factories");
    const actor = await actorFor(adminUser.id);
    await expect(scimPatchGroup(actor, group.id, patch({ op: "remove", path: "members" }), null)).rejects.toThrow(
      /without an administrator/,
    );
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(1);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { getMyAccess, getUserAccess } from "./access";
import type { Actor } from "./actor";
import { CLAIM_CAP, loadClaims, pageOfClaims } from "./claims";
import { db } from "./db";
import {
  actorFor,
  adminActor,
  createApplication,
  createRole,
  createUser,
  grantDirect,
  plainActor,
  unique,
} from "@/lib/testing/factories";

const MISSING = "01900000-0000-7000-8000-000000000000";
const GROUPS = 250;
const tag = unique("claims");
const groupName = (i: number) => `${tag}-g${String(i).padStart(3, "0")}`;
const allNames = Array.from({ length: GROUPS }, (_, i) => groupName(i + 1));

describe("claims and my access, for a user in 250 groups", () => {
  let user: Actor;
  let app: { id: string; key: string };
  let viewer: { id: string; key: string; name: string };
  let editor: { id: string; key: string; name: string };
  let groupIds: string[];

  beforeAll(async () => {
    await adminActor();
    const created = await createUser();
    app = await createApplication();
    [viewer, editor] = await Promise.all([createRole(app.id, "viewer"), createRole(app.id, "editor")]);
    // Created in reverse order, so claim order must come from the names, not from insertion.
    const groups = await db.group.createManyAndReturn({
      data: [...allNames].reverse().map((name) => ({ name, nameKey: name.toLowerCase() })),
      select: { id: true, name: true },
    });
    groups.sort((a, b) => a.name.localeCompare(b.name));
    groupIds = groups.map((g) => g.id);
    await db.membership.createMany({ data: groupIds.map((groupId) => ({ groupId, userId: created.id })) });
    await db.groupRole.createMany({
      data: [
        { groupId: groupIds[0]!, roleId: viewer.id },
        { groupId: groupIds[1]!, roleId: editor.id },
        { groupId: groupIds[249]!, roleId: editor.id },
      ],
    });
    await grantDirect(created.id, viewer.id);
    user = await actorFor(created.id);
  });

  it("loadClaims caps groups at CLAIM_CAP with an explicit overage flag, never silently", async () => {
    const claims = await loadClaims(user.id);
    expect(CLAIM_CAP).toBe(200);
    expect(claims.groups).toHaveLength(CLAIM_CAP);
    expect(claims.groups).toEqual(allNames.slice(0, CLAIM_CAP));
    expect(claims.overage).toEqual({ groups: true });
    expect(claims.roles).toEqual([`${app.key}:editor`, `${app.key}:viewer`]);
  });

  it("a user under the cap gets the full lists and no overage at all", async () => {
    const small = await createUser();
    await db.membership.createMany({ data: groupIds.slice(0, 3).map((groupId) => ({ groupId, userId: small.id })) });
    const claims = await loadClaims(small.id);
    expect(claims).toEqual({
      stage: "production",
      groups: allNames.slice(0, 3),
      roles: [`${app.key}:editor`, `${app.key}:viewer`],
    });
    expect("overage" in claims).toBe(false);
    expect(await loadClaims("not-an-id")).toEqual({ stage: "", groups: [], roles: [] });
    expect(await loadClaims(MISSING)).toEqual({ stage: "", groups: [], roles: [] });
  });

  it("roles past the cap are flagged too", async () => {
    const many = await createUser();
    const bigApp = await createApplication();
    const roles = await db.role.createManyAndReturn({
      data: Array.from({ length: CLAIM_CAP + 1 }, (_, i) => ({
        applicationId: bigApp.id,
        key: `r${String(i).padStart(3, "0")}`,
        name: `R${i}`,
      })),
      select: { id: true },
    });
    await db.directGrant.createMany({ data: roles.map((r) => ({ userId: many.id, roleId: r.id })) });
    const claims = await loadClaims(many.id);
    expect(claims.roles).toHaveLength(CLAIM_CAP);
    expect(claims.roles.at(-1)).toBe(`${bigApp.key}:r199`);
    expect(claims.overage).toEqual({ roles: true });
  });

  it("pageOfClaims pages through all 250 groups with nothing missing or repeated", async () => {
    for (const pageSize of [100, 7, 250]) {
      const seen: string[] = [];
      let page = 1;
      for (;;) {
        const result = await pageOfClaims(user.id, "groups", page, pageSize);
        expect(result).toMatchObject({ page, pageSize });
        seen.push(...result.items);
        if (!result.hasMore) break;
        expect(result.items).toHaveLength(pageSize);
        page += 1;
      }
      expect(page).toBe(Math.ceil(GROUPS / pageSize));
      expect(seen).toEqual(allNames);
    }
    const past = await pageOfClaims(user.id, "groups", 4, 100);
    expect(past).toEqual({ items: [], page: 4, pageSize: 100, hasMore: false });
  });

  it("pageOfClaims pages roles, and an unknown user has none", async () => {
    expect(await pageOfClaims(user.id, "roles", 1, 1)).toEqual({
      items: [`${app.key}:editor`],
      page: 1,
      pageSize: 1,
      hasMore: true,
    });
    expect(await pageOfClaims(user.id, "roles", 2, 1)).toEqual({
      items: [`${app.key}:viewer`],
      page: 2,
      pageSize: 1,
      hasMore: false,
    });
    expect((await pageOfClaims(MISSING, "groups", 1, 10)).items).toEqual([]);
    expect((await pageOfClaims("not-an-id", "roles", 1, 10)).items).toEqual([]);
  });

  it("getMyAccess returns all groups and each effective role with its sources (direct and each group)", async () => {
    const access = await getMyAccess(user);
    expect(access.groups.map((g) => g.name)).toEqual(allNames);
    expect(access.groups[0]).toMatchObject({ id: groupIds[0], description: "", joinedAt: expect.any(Date) });
    expect(access.roles).toEqual([
      expect.objectContaining({
        roleId: editor.id,
        claim: `${app.key}:editor`,
        direct: false,
        inheritedFrom: [
          { id: groupIds[1], name: groupName(2) },
          { id: groupIds[249], name: groupName(250) },
        ],
      }),
      expect.objectContaining({
        roleId: viewer.id,
        claim: `${app.key}:viewer`,
        applicationKey: app.key,
        direct: true,
        inheritedFrom: [{ id: groupIds[0], name: groupName(1) }],
      }),
    ]);
  });

  it("every signed-in user sees their own access; no actor sees nothing", async () => {
    const nobody = await plainActor();
    expect(await getMyAccess(nobody)).toMatchObject({ groups: [], roles: [] });
    await expect(getMyAccess(null as never)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("getUserAccess: administrators see anyone's access; others are refused; unknown ids are not found", async () => {
    const admin = await adminActor();
    const access = await getUserAccess(admin, user.id);
    expect(access.groups).toHaveLength(GROUPS);
    expect(access.roles.map((r) => r.roleId)).toEqual([editor.id, viewer.id]);
    await expect(getUserAccess(await plainActor(), user.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getUserAccess(user, user.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getUserAccess(null as never, user.id)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(getUserAccess(admin, "not-an-id")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getUserAccess(admin, MISSING)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

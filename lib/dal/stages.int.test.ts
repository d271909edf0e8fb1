import { describe, expect, it } from "vitest";
import { ADMIN_ROLE_KEY } from "@/lib/access/permissions";
import {
  actorFor,
  adminActor,
  adminRole,
  createRole,
  createStage as makeStage,
  createUser,
  grantDirect,
  plainActor,
  portalApplication,
  productionStage,
  unique,
} from "@/lib/testing/factories";
import { loadUserAccess } from "./access";
import { loadActor } from "./actor";
import { loadClaims } from "./claims";
import { db } from "./db";
import { addDirectGrants, removeDirectGrant } from "./grants";
import { addRolesToGroup } from "./group-roles";
import { createGroup, getGroup, listGroups, updateGroup } from "./groups";
import { groupChangeImpact } from "./impact";
import { addMembers } from "./memberships";
import { createStage, deleteStage, listStages, moveStage, stageByKey, updateStage } from "./stages";

async function auditorActor() {
  const app = await portalApplication();
  const role = await db.role.upsert({
    where: { applicationId_key: { applicationId: app.id, key: "auditor" } },
    update: {},
    create: { applicationId: app.id, key: "auditor", name: "Auditor" },
  });
  const user = await createUser();
  await grantDirect(user.id, role.id);
  return actorFor(user.id);
}

describe("stages", () => {
  it("a new installation has one stage, Production, the default", async () => {
    const production = await productionStage();
    expect(production).toMatchObject({ key: "production", name: "Production", isDefault: true });
    expect(await stageByKey("production")).toEqual(production);
    expect(await stageByKey("nope")).toBeNull();
  });

  it("administrators create, rename, reorder and delete stages, audited; auditors read; others are refused", async () => {
    const admin = await adminActor();
    const key = unique("qa").toLowerCase();
    const { id } = await createStage(admin, { key, name: "QA", description: "" });
    await expect(createStage(admin, { key, name: "QA again" })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { key: `A stage with the key ${key} already exists.` },
    });
    await updateStage(admin, id, { name: "Quality", description: "Testers" });
    await expect(updateStage(admin, id, { name: "Q", key: "other" })).rejects.toMatchObject({ code: "INVALID" });
    const before = (await listStages(admin)).map((s) => s.id);
    await moveStage(admin, { stageId: id, direction: "up" });
    const after = (await listStages(admin)).map((s) => s.id);
    expect(after.indexOf(id)).toBe(before.indexOf(id) - 1);
    expect((await listStages(await auditorActor())).find((s) => s.id === id)).toMatchObject({
      key,
      name: "Quality",
      description: "Testers",
    });
    const plain = await plainActor();
    await expect(listStages(plain)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createStage(await auditorActor(), { key: unique("x"), name: "X" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(deleteStage(plain, id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await deleteStage(admin, id);
    const actions = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(actions.map((e) => e.action)).toEqual(["stage.created", "stage.updated", "stage.moved", "stage.deleted"]);
  });

  it("deleting a stage is refused while groups or grants use it, saying how many; the default stage stays", async () => {
    const admin = await adminActor();
    const stage = await makeStage();
    const [user, role] = await Promise.all([createUser(), createRole()]);
    await createGroup(admin, { name: unique("g"), stageId: stage.id });
    await createGroup(admin, { name: unique("g"), stageId: stage.id });
    await addDirectGrants(admin, user.id, [role.id], stage.id);
    await expect(deleteStage(admin, stage.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("is used by 2 groups and 1 direct grant"),
    });
    await expect(deleteStage(admin, (await productionStage()).id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Production is the default stage and cannot be deleted.",
    });
  });

  it("a group's stage is chosen at creation and can never change, by any path", async () => {
    const admin = await adminActor();
    const qa = await makeStage();
    const { id } = await createGroup(admin, { name: unique("Support"), stageId: qa.id });
    expect((await getGroup(admin, id)).stage.id).toBe(qa.id);
    // The update schema knows no stage: a stage in the input is refused, not ignored.
    await expect(
      updateGroup(admin, id, { name: "Support", stageId: (await productionStage()).id }),
    ).rejects.toMatchObject({ code: "INVALID" });
    // And the database itself refuses the change, whoever asks.
    await expect(db.group.update({ where: { id }, data: { stageId: (await productionStage()).id } })).rejects.toThrow();
    expect((await getGroup(admin, id)).stage.id).toBe(qa.id);
    // Unknown stage at creation: a form error.
    await expect(
      createGroup(admin, { name: unique("x"), stageId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "INVALID", fieldErrors: { stageId: "That stage does not exist." } });
  });

  it("group names are unique within a stage: Support may exist in Development and in Production", async () => {
    const admin = await adminActor();
    const dev = await makeStage();
    const name = unique("Support");
    await createGroup(admin, { name });
    await createGroup(admin, { name, stageId: dev.id });
    await expect(createGroup(admin, { name: name.toUpperCase(), stageId: dev.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const listed = await listGroups(admin, { q: name, stage: dev.key });
    expect(listed.items.map((g) => [g.name, g.stage.key])).toEqual([[name, dev.key]]);
    expect((await listGroups(admin, { q: name })).total).toBe(2);
  });

  it("a membership in a Development group never yields a Production role; claims and /api/me answer per stage", async () => {
    const admin = await adminActor();
    const dev = await makeStage();
    const [maria, role] = await Promise.all([createUser(), createRole()]);
    const { id } = await createGroup(admin, { name: unique("CRM devs"), stageId: dev.id, roleIds: [role.id] });
    await addMembers(admin, id, [maria.id]);
    const claim = (await db.role.findUniqueOrThrow({ where: { id: role.id }, include: { application: true } }))
      .application.key;
    const devClaims = await loadClaims(maria.id, dev.id);
    expect(devClaims).toMatchObject({ stage: dev.key, roles: [`${claim}:${role.key}`] });
    expect(devClaims.groups).toHaveLength(1);
    expect(await loadClaims(maria.id)).toEqual({ stage: "production", groups: [], roles: [] });
    const access = await loadUserAccess(maria.id);
    expect(access.roles.map((r) => [r.roleId, r.stageId])).toEqual([[role.id, dev.id]]);
    // A direct grant in Production is its own thing: removing it leaves the Development role.
    await addDirectGrants(admin, maria.id, [role.id]);
    expect((await loadClaims(maria.id)).roles).toEqual([`${claim}:${role.key}`]);
    await removeDirectGrant(admin, maria.id, role.id);
    expect((await loadClaims(maria.id)).roles).toEqual([]);
    expect((await loadClaims(maria.id, dev.id)).roles).toEqual([`${claim}:${role.key}`]);
  });

  it("Gatehouse's own roles count only in the default stage, and the DAL refuses them elsewhere", async () => {
    const admin = await adminActor();
    const qa = await makeStage();
    const admins = await adminRole();
    const user = await createUser();
    await expect(addDirectGrants(admin, user.id, [admins.id], qa.id)).rejects.toMatchObject({ code: "INVALID" });
    await expect(createGroup(admin, { name: unique("x"), stageId: qa.id, roleIds: [admins.id] })).rejects.toMatchObject(
      { code: "INVALID" },
    );
    const { id } = await createGroup(admin, { name: unique("qa admins"), stageId: qa.id, memberIds: [user.id] });
    await expect(addRolesToGroup(admin, id, [admins.id])).rejects.toMatchObject({ code: "INVALID" });
    // Written around the DAL, such a grant still gives no permission.
    await db.directGrant.create({ data: { userId: user.id, roleId: admins.id, stageId: qa.id } });
    const actor = await loadActor(user.id, 1);
    expect(actor?.isAdmin).toBe(false);
    expect(actor?.permissions.size).toBe(0);
    expect(actor?.stageRoleKeys.get(qa.id)?.has(`gatehouse:${ADMIN_ROLE_KEY}`)).toBe(true);
  });

  it("rule 8 per stage: a non-administrator grants only what they hold in that stage", async () => {
    const admin = await adminActor();
    const qa = await makeStage();
    const [granter, target, role] = await Promise.all([createUser(), createUser(), createRole()]);
    await grantDirect(granter.id, role.id); // holds the role in Production only
    // The guard itself (accessWrite re-checks permissions from the database, so call it directly).
    const actor = await actorFor(granter.id);
    const { assertMayGrant } = await import("./grant-guard");
    await expect(assertMayGrant(db, actor, [role.id], qa)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(assertMayGrant(db, actor, [role.id], await productionStage())).resolves.toBeUndefined();
    expect(await addDirectGrants(admin, target.id, [role.id], qa.id)).toEqual({
      added: [role.key],
      alreadyGranted: [],
    });
  });

  it("impact is per stage: a Production grant does not keep a QA role, and the preview names the stage", async () => {
    const admin = await adminActor();
    const qa = await makeStage();
    const [user, role] = await Promise.all([createUser(), createRole()]);
    const { id } = await createGroup(admin, {
      name: unique("testers"),
      stageId: qa.id,
      roleIds: [role.id],
      memberIds: [user.id],
    });
    await addDirectGrants(admin, user.id, [role.id]); // Production
    const impact = await groupChangeImpact({ groupId: id, userIds: [user.id] });
    expect(impact.usersLosing).toBe(1);
    expect(impact.keepers).toEqual([]);
    expect(impact.stage).toEqual({ id: qa.id, name: qa.name });
    await addDirectGrants(admin, user.id, [role.id], qa.id);
    expect((await groupChangeImpact({ groupId: id, userIds: [user.id] })).usersLosing).toBe(0);
    // The audit log records the stage of each membership and grant change.
    const joined = await db.auditEvent.findFirstOrThrow({
      where: { relatedId: user.id, action: "group.member_added" },
    });
    expect(joined).toMatchObject({ stageId: qa.id, stageName: qa.name });
    const grants = await db.auditEvent.findMany({
      where: { targetId: user.id, action: "user.role_granted" },
      orderBy: { id: "asc" },
    });
    expect(grants.map((e) => e.stageName)).toEqual(["Production", qa.name]);
    expect(grants[1]?.summary).toContain(` in ${qa.name}`);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import {
  adminActor,
  createApplication,
  createRole,
  createStage,
  createUser,
  grantDirect,
  plainActor,
  productionStage,
  resetDatabase,
  unique,
} from "@/lib/testing/factories";
import { getMyAccess, getUserAccess, loadUserAccess } from "./access";
import { db } from "./db";

/**
 * loadUserAccess reads roles, groups and stages in one statement and names each source group
 * from the groups it read: this pins its whole answer for a user with every kind of source.
 */
// The stages this file expects (the default one first) must not depend on which file ran before.
beforeEach(resetDatabase);

describe("loadUserAccess", () => {
  it("lists roles per stage with every source, groups with how each membership came about, and the stages", async () => {
    const [production, qa, user] = await Promise.all([productionStage(), createStage(), createUser()]);
    const [appA, appB] = [await createApplication(unique("app-a")), await createApplication(unique("app-b"))];
    const [r1, r2, r3] = [
      await createRole(appA.id, unique("role-1")),
      await createRole(appA.id, unique("role-2")),
      await createRole(appB.id, unique("role-3")),
    ];
    const group = async (prefix: string, stageId: string, roleIds: string[]) => {
      const name = unique(prefix);
      const created = await db.group.create({
        data: { name, nameKey: name.toLowerCase(), description: `${prefix} team`, stageId },
        select: { id: true, name: true },
      });
      await db.groupRole.createMany({ data: roleIds.map((roleId) => ({ groupId: created.id, roleId })) });
      return created;
    };
    // Created out of name order: the answer is ordered, not in insertion order.
    const beta = await group("Beta", production.id, [r1.id]);
    const alpha = await group("alpha", production.id, [r2.id, r1.id]);
    const gamma = await group("Gamma", qa.id, [r3.id, r1.id]);
    const delta = await group("Delta", production.id, []);
    const provider = await db.identityProvider.create({
      data: {
        key: unique("idp"),
        name: "Contoso SSO",
        issuer: "https://idp.example.test",
        clientId: "c",
        clientSecret: "s",
      },
      select: { id: true },
    });
    const token = await db.apiToken.create({
      data: {
        name: "HR sync",
        hint: "gh_…abcd",
        secretHash: unique("hash"),
        permissions: [],
        createdById: user.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
      select: { id: true },
    });
    await db.membership.createMany({
      data: [
        { groupId: alpha.id, userId: user.id },
        { groupId: beta.id, userId: user.id, manual: false, providerId: provider.id },
        { groupId: gamma.id, userId: user.id, manual: false, scim: true, scimTokenId: token.id },
        // Provisioned through SCIM by a token that is gone since.
        { groupId: delta.id, userId: user.id, manual: false, scim: true },
      ],
    });
    await grantDirect(user.id, r1.id, production.id);
    await grantDirect(user.id, r3.id, qa.id);

    const role = (r: typeof r1, app: typeof appA) => ({
      roleId: r.id,
      key: r.key,
      name: r.name,
      applicationKey: app.key,
      applicationName: app.name,
      claim: `${app.key}:${r.key}`,
    });
    const ref = (g: { id: string; name: string }) => ({ id: g.id, name: g.name });
    const inProduction = [
      { ...role(r1, appA), direct: true, inheritedFrom: [ref(alpha), ref(beta)], stageId: production.id },
      { ...role(r2, appA), direct: false, inheritedFrom: [ref(alpha)], stageId: production.id },
    ];
    const inQa = [
      { ...role(r1, appA), direct: false, inheritedFrom: [ref(gamma)], stageId: qa.id },
      { ...role(r3, appB), direct: true, inheritedFrom: [ref(gamma)], stageId: qa.id },
    ];
    const membership = (g: { id: string; name: string }, stageId: string) => ({
      id: g.id,
      name: g.name,
      description: `${g.name.split("-")[0]} team`,
      joinedAt: expect.any(Date),
      stageId,
    });
    const groups = {
      alpha: { ...membership(alpha, production.id), manual: true, viaProvider: null, viaProviderId: null },
      beta: {
        ...membership(beta, production.id),
        manual: false,
        viaProvider: "Contoso SSO",
        viaProviderId: provider.id,
      },
      delta: {
        ...membership(delta, production.id),
        manual: false,
        viaProvider: null,
        viaProviderId: null,
        viaScim: "",
      },
      gamma: { ...membership(gamma, qa.id), manual: false, viaProvider: null, viaProviderId: null, viaScim: "HR sync" },
    };

    const access = await loadUserAccess(user.id);
    expect(access.roles).toEqual([...inProduction, ...inQa]);
    expect(access.groups).toEqual([groups.alpha, groups.beta, groups.delta, groups.gamma]);
    // A membership by hand carries no viaScim at all.
    expect("viaScim" in access.groups[0]!).toBe(false);
    const stageIds = access.stages.map((s) => s.id);
    expect(access.stages[0]).toEqual(production);
    expect(access.stages.find((s) => s.id === qa.id)).toEqual(qa);
    expect(stageIds.indexOf(qa.id)).toBeGreaterThan(0);

    // One stage: its roles and groups only; the stages are still all listed.
    const onlyQa = await loadUserAccess(user.id, { stageId: qa.id });
    expect(onlyQa.roles).toEqual(inQa);
    expect(onlyQa.groups).toEqual([groups.gamma]);
    expect(onlyQa.stages.map((s) => s.id)).toEqual(stageIds);
    const onlyProduction = await loadUserAccess(user.id, { stageId: production.id });
    expect(onlyProduction.roles).toEqual(inProduction);
    expect(onlyProduction.groups).toEqual([groups.alpha, groups.beta, groups.delta]);

    // Not an id: every stage, as with none.
    expect(await loadUserAccess(user.id, { stageId: "qa" })).toEqual(access);
  });

  it("getUserAccess: an administrator reads anyone's access in one statement; an unknown user is not found; others are refused", async () => {
    const [admin, nobody, user, role] = await Promise.all([adminActor(), plainActor(), createUser(), createRole()]);
    await grantDirect(user.id, role.id);
    const access = await getUserAccess(admin, user.id);
    expect(access).toEqual(await loadUserAccess(user.id));
    expect(access.roles.map((r) => r.roleId)).toEqual([role.id]);
    // A user with no access at all still exists.
    expect((await getUserAccess(admin, nobody.id)).roles).toEqual([]);
    await expect(getUserAccess(admin, randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getUserAccess(admin, "not-an-id")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getUserAccess(nobody, user.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Everyone reads their own.
    expect(await getMyAccess(nobody)).toEqual(await loadUserAccess(nobody.id));
  });

  it("a user with nothing gets empty lists and the stages", async () => {
    const user = await createUser();
    const access = await loadUserAccess(user.id);
    expect(access.roles).toEqual([]);
    expect(access.groups).toEqual([]);
    expect(access.stages.length).toBeGreaterThan(0);
  });
});

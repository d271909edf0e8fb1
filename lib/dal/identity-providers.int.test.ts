import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { db } from "./db";
import {
  addMapping,
  createProvider,
  deleteProvider,
  getProvider,
  listMappings,
  listProviders,
  mappingsOfGroup,
  removeMapping,
  updateProvider,
} from "./identity-providers";
import { decryptSecret } from "./secrets";
import { adminActor, createGroup, createRole, createUser, plainActor, unique } from "@/lib/testing/factories";

// Client secrets are encrypted with a key derived from AUTH_SECRET.
process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

const providerInput = (overrides: Record<string, unknown> = {}) => ({
  key: unique("idp"),
  name: unique("Acme SSO"),
  issuer: "https://login.example.test/realms/acme",
  clientId: "gatehouse",
  clientSecret: "first-secret",
  ...overrides,
});

async function newProvider(admin: Actor, overrides: Record<string, unknown> = {}) {
  const input = providerInput(overrides);
  const { id } = await createProvider(admin, input);
  return { id, ...input };
}

const auditOf = (targetId: string) => db.auditEvent.findMany({ where: { targetId }, orderBy: { id: "asc" } });
/** Everything an audit event says, as text (its bigint id left out). */
const auditText = (events: { id: bigint }[]) => JSON.stringify(events.map(({ id: _id, ...rest }) => rest));

describe("identity providers DAL", () => {
  it("creates a provider with its client secret encrypted, audited without the secret", async () => {
    const admin = await adminActor();
    const input = providerInput({ issuer: "https://login.example.test/realms/acme/" });
    const { id } = await createProvider(admin, input);
    const row = await db.identityProvider.findUniqueOrThrow({ where: { id } });
    expect(row.clientSecret).not.toBe(input.clientSecret);
    expect(row.clientSecret).not.toContain(input.clientSecret);
    expect(decryptSecret(row.clientSecret)).toBe(input.clientSecret);
    expect(row.issuer).toBe("https://login.example.test/realms/acme");
    expect(row).toMatchObject({ scopes: "openid profile email", groupsClaim: "groups", enabled: true });
    const provider = await getProvider(admin, id);
    expect(provider).toMatchObject({ id, key: input.key, name: input.name, mappingCount: 0, userCount: 0 });
    expect(provider).not.toHaveProperty("clientSecret");
    const events = await auditOf(id);
    expect(events.map((e) => e.action)).toEqual(["provider.created"]);
    expect(events[0]).toMatchObject({ actorId: admin.id, actorName: admin.username, targetType: "provider" });
    expect(auditText(events)).not.toContain(input.clientSecret);
  });

  it("refuses a duplicate key with a conflict on the key field, and reserved keys", async () => {
    const admin = await adminActor();
    const first = await newProvider(admin);
    const before = await db.identityProvider.count();
    await expect(createProvider(admin, providerInput({ key: first.key.toUpperCase() }))).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { key: expect.stringContaining(first.key) },
    });
    await expect(createProvider(admin, providerInput({ key: "credentials" }))).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { key: expect.any(String) },
    });
    await expect(createProvider(admin, providerInput({ scopes: "profile email" }))).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { scopes: expect.any(String) },
    });
    await expect(createProvider(admin, providerInput({ clientSecret: "" }))).rejects.toMatchObject({ code: "INVALID" });
    expect(await db.identityProvider.count()).toBe(before);
  });

  it("lists providers with mapping and user counts", async () => {
    const admin = await adminActor();
    const provider = await newProvider(admin);
    const group = await createGroup();
    await addMapping(admin, provider.id, { value: "staff", groupIds: [group.id] });
    const user = await createUser();
    await db.externalIdentity.create({ data: { providerId: provider.id, subject: unique("sub"), userId: user.id } });
    const listed = (await listProviders(admin)).find((p) => p.id === provider.id);
    expect(listed).toMatchObject({ key: provider.key, mappingCount: 1, userCount: 1 });
  });

  it("updates a provider; an empty client secret keeps the stored one, a new one replaces it", async () => {
    const admin = await adminActor();
    const provider = await newProvider(admin);
    const stored = (await db.identityProvider.findUniqueOrThrow({ where: { id: provider.id } })).clientSecret;
    const update = { name: unique("Renamed"), issuer: provider.issuer, clientId: "other-client", enabled: false };
    await updateProvider(admin, provider.id, { ...update, clientSecret: "" });
    let row = await db.identityProvider.findUniqueOrThrow({ where: { id: provider.id } });
    expect(row).toMatchObject({ name: update.name, clientId: "other-client", enabled: false, key: provider.key });
    expect(row.clientSecret).toBe(stored);
    expect(decryptSecret(row.clientSecret)).toBe("first-secret");
    await updateProvider(admin, provider.id, { ...update, clientSecret: "second-secret" });
    row = await db.identityProvider.findUniqueOrThrow({ where: { id: provider.id } });
    expect(decryptSecret(row.clientSecret)).toBe("second-secret");
    const events = await auditOf(provider.id);
    expect(events.map((e) => e.action)).toEqual(["provider.created", "provider.updated", "provider.updated"]);
    expect(events[2]!.summary).toContain("new client secret");
    expect(auditText(events)).not.toContain("second-secret");
    await expect(updateProvider(admin, "01900000-0000-7000-8000-000000000000", update)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(updateProvider(admin, provider.id, { ...update, key: "changed" })).rejects.toMatchObject({
      code: "INVALID",
    });
  });

  it("maps one IdP value to two groups; mapping it again is a conflict on the value", async () => {
    const admin = await adminActor();
    const provider = await newProvider(admin);
    const [g1, g2] = await Promise.all([createGroup(), createGroup()]);
    expect(await addMapping(admin, provider.id, { value: "marketing-team", groupIds: [g1.id, g2.id] })).toEqual({
      added: 2,
    });
    const mappings = await listMappings(admin, provider.id);
    expect(mappings.map((m) => [m.value, m.groupId, m.groupName]).sort()).toEqual(
      [
        ["marketing-team", g1.id, g1.name],
        ["marketing-team", g2.id, g2.name],
      ].sort(),
    );
    await expect(addMapping(admin, provider.id, { value: "marketing-team", groupIds: [g1.id] })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { value: expect.any(String) },
    });
    await expect(
      addMapping(admin, provider.id, { value: "x", groupIds: ["01900000-0000-7000-8000-000000000000"] }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(addMapping(admin, provider.id, { value: "  ", groupIds: [g1.id] })).rejects.toMatchObject({
      code: "INVALID",
    });
    expect(await listMappings(admin, provider.id)).toHaveLength(2);
    for (const group of [g1, g2]) {
      const events = await auditOf(group.id);
      expect(events.map((e) => [e.action, e.relatedId, e.actorId])).toEqual([
        ["provider.mapping_added", provider.id, admin.id],
      ]);
    }
  });

  it("lists the mappings of a group, and removes a mapping, audited", async () => {
    const admin = await adminActor();
    const [p1, p2] = [await newProvider(admin), await newProvider(admin)];
    const group = await createGroup();
    await addMapping(admin, p1.id, { value: "staff", groupIds: [group.id] });
    await addMapping(admin, p2.id, { value: "employees", groupIds: [group.id] });
    const ofGroup = await mappingsOfGroup(admin, group.id);
    expect(ofGroup.map((m) => [m.providerId, m.providerName, m.value]).sort()).toEqual(
      [
        [p1.id, p1.name, "staff"],
        [p2.id, p2.name, "employees"],
      ].sort(),
    );
    expect(await mappingsOfGroup(admin, "not-an-id")).toEqual([]);
    const mapping = ofGroup.find((m) => m.providerId === p1.id)!;
    await removeMapping(admin, mapping.id);
    expect((await mappingsOfGroup(admin, group.id)).map((m) => m.providerId)).toEqual([p2.id]);
    expect(await listMappings(admin, p1.id)).toEqual([]);
    await expect(removeMapping(admin, mapping.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeMapping(admin, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const events = await auditOf(group.id);
    expect(events.map((e) => e.action)).toEqual([
      "provider.mapping_added",
      "provider.mapping_added",
      "provider.mapping_removed",
    ]);
    expect(events[2]).toMatchObject({ actorId: admin.id, relatedId: p1.id, relatedName: p1.name });
  });

  it("deleting a provider ends only the memberships that came solely from it, audited", async () => {
    const admin = await adminActor();
    const provider = await newProvider(admin);
    const role = await createRole();
    const group = await createGroup({ roleIds: [role.id] });
    await addMapping(admin, provider.id, { value: "staff", groupIds: [group.id] });
    const [onlyIdp, both, byHand] = await Promise.all([createUser(), createUser(), createUser()]);
    await db.membership.createMany({
      data: [
        { groupId: group.id, userId: onlyIdp.id, manual: false, providerId: provider.id },
        { groupId: group.id, userId: both.id, manual: true, providerId: provider.id },
        { groupId: group.id, userId: byHand.id, manual: true, providerId: null },
      ],
    });
    await db.externalIdentity.create({ data: { providerId: provider.id, subject: "s-1", userId: onlyIdp.id } });
    const versionBefore = async (id: string) =>
      (await db.user.findUniqueOrThrow({ where: { id }, select: { accessVersion: true } })).accessVersion;
    const [v1, v2] = [await versionBefore(onlyIdp.id), await versionBefore(both.id)];

    expect(await deleteProvider(admin, provider.id)).toEqual({ name: provider.name });

    const left = await db.membership.findMany({ where: { groupId: group.id }, orderBy: { userId: "asc" } });
    expect(left.map((m) => [m.userId, m.manual, m.providerId]).sort()).toEqual(
      [
        [both.id, true, null],
        [byHand.id, true, null],
      ].sort(),
    );
    expect(await versionBefore(onlyIdp.id)).toBe(v1 + 1);
    expect(await versionBefore(both.id)).toBe(v2);
    expect(await db.identityProvider.findUnique({ where: { id: provider.id } })).toBeNull();
    expect(await db.externalIdentity.count({ where: { providerId: provider.id } })).toBe(0);
    expect(await db.idpGroupMapping.count({ where: { providerId: provider.id } })).toBe(0);
    expect(await db.user.count({ where: { id: onlyIdp.id } })).toBe(1);
    const events = await auditOf(provider.id);
    expect(events.map((e) => e.action)).toEqual(["provider.created", "provider.deleted"]);
    expect(events[1]).toMatchObject({ actorId: admin.id, targetName: provider.name });
    expect(events[1]!.summary).toContain("1 mapped memberships ended");
    const sourceLost = await db.auditEvent.findMany({ where: { targetId: group.id, relatedId: both.id } });
    expect(sourceLost.map((e) => [e.action, e.actorId])).toEqual([["group.member_provider_detached", admin.id]]);
    await expect(deleteProvider(admin, provider.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getProvider(admin, provider.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getProvider(admin, "not-an-id")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses every provider function to a user without permissions and to no actor", async () => {
    const admin = await adminActor();
    const nobody = await plainActor();
    const provider = await newProvider(admin);
    const group = await createGroup();
    await addMapping(admin, provider.id, { value: "keep", groupIds: [group.id] });
    const mappingId = (await listMappings(admin, provider.id))[0]!.id;
    const update = { name: unique("x"), issuer: provider.issuer, clientId: "c" };
    const calls = [
      (a: Actor) => listProviders(a),
      (a: Actor) => getProvider(a, provider.id),
      (a: Actor) => createProvider(a, providerInput()),
      (a: Actor) => updateProvider(a, provider.id, update),
      (a: Actor) => deleteProvider(a, provider.id),
      (a: Actor) => listMappings(a, provider.id),
      (a: Actor) => mappingsOfGroup(a, group.id),
      (a: Actor) => addMapping(a, provider.id, { value: "other", groupIds: [group.id] }),
      (a: Actor) => removeMapping(a, mappingId),
    ];
    const auditBefore = await db.auditEvent.count();
    for (const call of calls) {
      await expect(call(nobody)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(null as never)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect(await db.auditEvent.count()).toBe(auditBefore);
    expect((await getProvider(admin, provider.id)).name).toBe(provider.name);
    expect(await listMappings(admin, provider.id)).toHaveLength(1);
  });
});

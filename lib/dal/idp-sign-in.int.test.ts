import { describe, expect, it } from "vitest";
import { loadUserAccess } from "./access";
import type { Actor } from "./actor";
import { db } from "./db";
import { addMapping, createProvider, updateProvider } from "./identity-providers";
import { IdpSignInError, signInWithIdp } from "./idp-sign-in";
import { addMembers } from "./memberships";
import {
  adminActor,
  adminRole,
  createGroup,
  createRole,
  createUser,
  resetDatabase,
  unique,
} from "@/lib/testing/factories";

// Client secrets are encrypted with a key derived from AUTH_SECRET.
process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

/** An enabled provider with the given IdP group value -> group mappings. */
async function setupProvider(admin: Actor, mappings: Record<string, string[]> = {}) {
  const input = {
    key: unique("idp"),
    name: unique("Acme SSO"),
    issuer: "https://login.example.test",
    clientId: "gatehouse",
    clientSecret: "secret",
  };
  const { id } = await createProvider(admin, input);
  for (const [value, groupIds] of Object.entries(mappings)) await addMapping(admin, id, { value, groupIds });
  return { id, ...input };
}

/** The claims of one IdP user; `groups: undefined` leaves the claim out. */
function claimsOf(login: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    sub: `sub-${login}`,
    email: `${login}@idp.test`,
    email_verified: true,
    name: `${login} Example`,
    preferred_username: login,
    groups: [],
    ...extra,
  };
  for (const [claim, value] of Object.entries(extra)) if (value === undefined) delete claims[claim];
  return claims;
}

const membershipsOf = async (userId: string) =>
  (await db.membership.findMany({ where: { userId }, select: { groupId: true, manual: true, providerId: true } })).sort(
    (a, b) => a.groupId.localeCompare(b.groupId),
  );
const userRow = (id: string) => db.user.findUniqueOrThrow({ where: { id } });
/** Expects the sign-in to be refused with an IdpSignInError of that reason. */
async function expectRefused(signIn: Promise<unknown>, reason: IdpSignInError["reason"]) {
  const error = await signIn.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdpSignInError);
  expect((error as IdpSignInError).reason).toBe(reason);
}

describe("sign-in through an identity provider", () => {
  it("provisions a user at first sign-in, linked by provider + subject, audited as the provider", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const login = unique("alice");
    const claims = claimsOf(login, { email: `${login.toUpperCase()}@IdP.test`, name: "  Alice Example  " });
    const { userId, sessionVersion } = await signInWithIdp(provider.key, claims);
    const user = await userRow(userId);
    expect(user).toMatchObject({
      username: login,
      email: `${login}@idp.test`,
      displayName: "Alice Example",
      passwordHash: null,
      status: "ACTIVE",
    });
    expect(sessionVersion).toBe(user.sessionVersion);
    const identities = await db.externalIdentity.findMany({ where: { userId } });
    expect(identities.map((i) => [i.providerId, i.subject])).toEqual([[provider.id, `sub-${login}`]]);
    const events = await db.auditEvent.findMany({ where: { targetId: userId } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.provisioned",
      actorId: null,
      actorName: `${provider.name} sign-in`,
      targetType: "user",
      targetName: login,
      relatedId: provider.id,
    });
  });

  it("a taken username gets a suffix; without preferred_username the email's local part is used", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const taken = await createUser();
    const first = await signInWithIdp(provider.key, claimsOf(unique("x"), { preferred_username: taken.username }));
    expect((await userRow(first.userId)).username).toBe(`${taken.username}-2`);
    const login = unique("bob");
    const second = await signInWithIdp(provider.key, claimsOf(login, { preferred_username: undefined }));
    expect((await userRow(second.userId)).username).toBe(login);
  });

  it("signing in again with the same subject finds the same user and refreshes name and email", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const login = unique("carol");
    const first = await signInWithIdp(provider.key, claimsOf(login));
    const identityBefore = await db.externalIdentity.findFirstOrThrow({ where: { userId: first.userId } });
    const newEmail = `${unique("carol.new")}@idp.test`;
    const again = await signInWithIdp(provider.key, claimsOf(login, { name: "Carol Renamed", email: newEmail }));
    expect(again.userId).toBe(first.userId);
    expect(await userRow(first.userId)).toMatchObject({
      username: login,
      displayName: "Carol Renamed",
      email: newEmail,
    });
    const identityAfter = await db.externalIdentity.findFirstOrThrow({ where: { userId: first.userId } });
    expect(identityAfter.lastSignInAt.getTime()).toBeGreaterThanOrEqual(identityBefore.lastSignInAt.getTime());
    expect(await db.user.count({ where: { username: { startsWith: login } } })).toBe(1);
    expect(await db.auditEvent.count({ where: { targetId: first.userId, action: "user.provisioned" } })).toBe(1);
  });

  it("a name or email change from the provider is audited with before and after; no change, no event", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const login = unique("nina");
    const { userId } = await signInWithIdp(provider.key, claimsOf(login));
    await signInWithIdp(provider.key, claimsOf(login));
    expect(await db.auditEvent.count({ where: { targetId: userId, action: "user.profile_synced" } })).toBe(0);

    const newEmail = `${unique("nina.new")}@idp.test`;
    await signInWithIdp(provider.key, claimsOf(login, { name: "Nina Renamed", email: newEmail }));
    const [event] = await db.auditEvent.findMany({ where: { targetId: userId, action: "user.profile_synced" } });
    expect(event).toMatchObject({
      actorId: null,
      actorName: `${provider.name} sign-in`,
      targetType: "user",
      targetName: login,
      relatedId: provider.id,
      before: { displayName: `${login} Example`, email: `${login}@idp.test` },
      after: { displayName: "Nina Renamed", email: newEmail },
    });
    expect(event!.summary).toBe(`${provider.name} sign-in updated the name and email of user ${login}`);
  });

  it("an email without email_verified counts as not verified: never taken, never written", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const login = unique("oscar");
    const { userId } = await signInWithIdp(provider.key, claimsOf(login, { email_verified: undefined }));
    const user = await userRow(userId);
    expect(user.email).toMatch(new RegExp(`@${provider.key}\\.idp\\.invalid$`));
    // Verified later: the address is taken then, and that change is audited.
    await signInWithIdp(provider.key, claimsOf(login, { email_verified: true }));
    expect((await userRow(userId)).email).toBe(`${login}@idp.test`);
    await signInWithIdp(provider.key, claimsOf(login, { email: `${unique("x")}@idp.test`, email_verified: false }));
    await signInWithIdp(provider.key, claimsOf(login, { email: `${unique("y")}@idp.test`, email_verified: undefined }));
    expect((await userRow(userId)).email).toBe(`${login}@idp.test`);
    expect(await db.auditEvent.count({ where: { targetId: userId, action: "user.profile_synced" } })).toBe(1);
  });

  it("never matches an account by email alone: another subject with a taken email is refused", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const local = await createUser();
    const usersBefore = await db.user.count();
    await expectRefused(
      signInWithIdp(provider.key, claimsOf(unique("mallory"), { email: `${local.username}@example.test` })),
      "email_taken",
    );
    const login = unique("dave");
    await signInWithIdp(provider.key, claimsOf(login));
    await expectRefused(
      signInWithIdp(provider.key, claimsOf(unique("eve"), { sub: "another-subject", email: `${login}@IDP.test` })),
      "email_taken",
    );
    expect(await db.user.count()).toBe(usersBefore + 1);
    expect(await db.externalIdentity.count({ where: { providerId: provider.id } })).toBe(1);
  });

  it("mapped groups claim: provider memberships are added with the group's roles, and removed when no longer asserted", async () => {
    const admin = await adminActor();
    const [role, salesRole] = await Promise.all([createRole(), createRole()]);
    const [marketing, sales] = await Promise.all([
      createGroup({ roleIds: [role.id] }),
      createGroup({ roleIds: [salesRole.id] }),
    ]);
    const provider = await setupProvider(admin, { "marketing-team": [marketing.id], sales: [sales.id] });
    const login = unique("frank");

    const { userId } = await signInWithIdp(provider.key, claimsOf(login, { groups: ["marketing-team", "unmapped"] }));
    expect(await membershipsOf(userId)).toEqual([{ groupId: marketing.id, manual: false, providerId: provider.id }]);
    const access = await loadUserAccess(userId);
    expect(access.roles.map((r) => [r.roleId, r.inheritedFrom.map((g) => g.id)])).toEqual([[role.id, [marketing.id]]]);
    const afterAdd = (await userRow(userId)).accessVersion;
    expect(afterAdd).toBe(2);
    const added = await db.auditEvent.findMany({ where: { targetId: marketing.id, relatedId: userId } });
    expect(added.map((e) => [e.action, e.actorId, e.actorName])).toEqual([
      ["group.member_added", null, `${provider.name} sign-in`],
    ]);

    // The same claim again changes nothing, and does not bump the access version.
    await signInWithIdp(provider.key, claimsOf(login, { groups: ["marketing-team"] }));
    expect((await userRow(userId)).accessVersion).toBe(afterAdd);

    // An administrator adds the user by hand to the other mapped group.
    await addMembers(admin, sales.id, [userId]);
    const afterHand = (await userRow(userId)).accessVersion;
    expect(afterHand).toBe(afterAdd + 1);

    await signInWithIdp(provider.key, claimsOf(login, { groups: [] }));
    expect(await membershipsOf(userId)).toEqual([{ groupId: sales.id, manual: true, providerId: null }]);
    expect((await loadUserAccess(userId)).roles.map((r) => r.roleId)).toEqual([salesRole.id]);
    expect((await userRow(userId)).accessVersion).toBe(afterHand + 1);
    const removed = await db.auditEvent.findMany({
      where: { targetId: marketing.id, relatedId: userId, action: "group.member_removed" },
    });
    expect(removed.map((e) => [e.actorId, e.actorName])).toEqual([[null, `${provider.name} sign-in`]]);
  });

  it("a membership both added by hand and asserted survives the provider no longer asserting it", async () => {
    const admin = await adminActor();
    const [first, second] = await Promise.all([createGroup(), createGroup()]);
    const provider = await setupProvider(admin, { "marketing-team": [first.id, second.id] });
    const login = unique("grace");

    // Asserted first, then added by hand: the hand source is added to the same row.
    const { userId } = await signInWithIdp(provider.key, claimsOf(login, { groups: ["marketing-team"] }));
    await addMembers(admin, first.id, [userId]);
    expect(
      await db.membership.findUniqueOrThrow({ where: { groupId_userId: { groupId: first.id, userId } } }),
    ).toMatchObject({ manual: true, providerId: provider.id });
    // Added by hand first, then asserted: the provider attaches its source.
    const other = await createGroup();
    await addMapping(admin, provider.id, { value: "other-team", groupIds: [other.id] });
    await addMembers(admin, other.id, [userId]);
    await signInWithIdp(provider.key, claimsOf(login, { groups: ["marketing-team", "other-team"] }));
    expect(
      await db.membership.findUniqueOrThrow({ where: { groupId_userId: { groupId: other.id, userId } } }),
    ).toMatchObject({ manual: true, providerId: provider.id });
    const version = (await userRow(userId)).accessVersion;

    const attached = await db.auditEvent.findMany({
      where: { relatedId: userId, action: "group.member_provider_attached" },
    });
    expect(attached.map((e) => [e.targetId, e.actorName])).toEqual([[other.id, `${provider.name} sign-in`]]);

    await signInWithIdp(provider.key, claimsOf(login, { groups: [] }));
    const detached = await db.auditEvent.findMany({
      where: { relatedId: userId, action: "group.member_provider_detached" },
    });
    expect(detached.map((e) => e.targetId).sort()).toEqual([first.id, other.id].sort());
    expect(detached[0]!.summary).toMatch(/no longer asserts .* it stays, added by hand/);
    const expected = [
      { groupId: first.id, manual: true, providerId: null },
      { groupId: other.id, manual: true, providerId: null },
    ].sort((a, b) => a.groupId.localeCompare(b.groupId));
    expect(await membershipsOf(userId)).toEqual(expected);
    expect((await userRow(userId)).accessVersion).toBe(version + 1);
  });

  it("a missing groups claim or subject is refused and changes nothing", async () => {
    const admin = await adminActor();
    const group = await createGroup();
    const provider = await setupProvider(admin, { staff: [group.id] });
    const login = unique("heidi");
    const { userId } = await signInWithIdp(provider.key, claimsOf(login, { groups: ["staff"] }));
    const before = { user: await userRow(userId), memberships: await membershipsOf(userId) };
    const identity = await db.externalIdentity.findFirstOrThrow({ where: { userId } });
    const auditCount = await db.auditEvent.count();

    await expectRefused(
      signInWithIdp(provider.key, claimsOf(login, { groups: undefined, name: "Someone Else" })),
      "claim_missing",
    );
    await expectRefused(signInWithIdp(provider.key, claimsOf(login, { groups: 42 })), "claim_missing");
    await expectRefused(signInWithIdp(provider.key, claimsOf(unique("ivan"), { groups: undefined })), "claim_missing");
    await expectRefused(signInWithIdp(provider.key, claimsOf(unique("judy"), { sub: undefined })), "claim_missing");
    expect(await userRow(userId)).toEqual(before.user);
    expect(await membershipsOf(userId)).toEqual(before.memberships);
    expect(await db.externalIdentity.findFirstOrThrow({ where: { userId } })).toEqual(identity);
    expect(await db.auditEvent.count()).toBe(auditCount);
    expect(await db.externalIdentity.count({ where: { providerId: provider.id } })).toBe(1);
  });

  it("a disabled user is refused, and their memberships stay as they were", async () => {
    const admin = await adminActor();
    const group = await createGroup();
    const provider = await setupProvider(admin, { staff: [group.id] });
    const login = unique("ken");
    const { userId } = await signInWithIdp(provider.key, claimsOf(login, { groups: ["staff"] }));
    await db.user.update({ where: { id: userId }, data: { status: "DISABLED" } });
    await expectRefused(signInWithIdp(provider.key, claimsOf(login, { groups: [] })), "disabled");
    expect(await membershipsOf(userId)).toEqual([{ groupId: group.id, manual: false, providerId: provider.id }]);
  });

  it("a disabled or unknown provider is refused before anything is read or written", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    await updateProvider(admin, provider.id, {
      name: provider.name,
      issuer: provider.issuer,
      clientId: provider.clientId,
      enabled: false,
    });
    const usersBefore = await db.user.count();
    await expectRefused(signInWithIdp(provider.key, claimsOf(unique("leo"))), "unknown_provider");
    await expectRefused(signInWithIdp(unique("no-such-idp"), claimsOf(unique("leo"))), "unknown_provider");
    expect(await db.user.count()).toBe(usersBefore);
  });

  // Empties the database: keep it last.
  it("a sync that would remove the last administrator is refused and changes nothing", async () => {
    await resetDatabase();
    const bootstrap = await adminActor();
    const adminsGroup = await createGroup({ roleIds: [(await adminRole()).id] });
    const provider = await setupProvider(bootstrap, { "gatehouse-admins": [adminsGroup.id] });
    const login = unique("root");
    const { userId } = await signInWithIdp(provider.key, claimsOf(login, { groups: ["gatehouse-admins"] }));
    expect((await loadUserAccess(userId)).roles.map((r) => r.claim)).toEqual(["gatehouse:admin"]);
    // The bootstrap administrator leaves: the provider's user is now the only administrator.
    await db.directGrant.deleteMany({ where: { userId: bootstrap.id } });
    const before = { user: await userRow(userId), memberships: await membershipsOf(userId) };
    const auditCount = await db.auditEvent.count();

    await expectRefused(signInWithIdp(provider.key, claimsOf(login, { groups: [], name: "Changed" })), "last_admin");
    expect(await membershipsOf(userId)).toEqual(before.memberships);
    expect(await userRow(userId)).toEqual(before.user);
    expect(await db.auditEvent.count()).toBe(auditCount);
  });
});

import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { db } from "./db";
import { addMapping, createProvider, updateProvider } from "./identity-providers";
import { identitiesOfUser, linkIdentity, unlinkIdentity } from "./identity-links";
import { IdpSignInError, signInWithIdp } from "./idp-sign-in";
import { addMembers } from "./memberships";
import { adminActor, createGroup, createUser, plainActor, unique } from "@/lib/testing/factories";

process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

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

/** The claims of the IdP account `sub` whose verified email is that of the local user. */
const claimsFor = (sub: string, email: string, groups: string[] = []) => ({
  sub,
  email,
  email_verified: true,
  name: "Linked Person",
  groups,
});

const reasonOf = (signIn: Promise<unknown>) =>
  signIn.then(
    () => null,
    (e: unknown) => (e instanceof IdpSignInError ? e.reason : e),
  );

describe("linking a user to a provider identity", () => {
  it("with 'link by verified email' on, a first sign-in links the user with that verified email, audited; off by default", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const local = await createUser();
    const email = `${local.username}@example.test`;
    const subject = unique("sub");
    expect(await reasonOf(signInWithIdp(provider.key, claimsFor(subject, email)))).toBe("email_taken");

    await updateProvider(admin, provider.id, {
      name: provider.name,
      issuer: provider.issuer,
      clientId: provider.clientId,
      linkByVerifiedEmail: true,
    });
    // An unverified address is never enough: that sign-in gets an account of its own.
    const unverified = { ...claimsFor(unique("sub"), email), email_verified: false };
    expect((await signInWithIdp(provider.key, unverified)).userId).not.toBe(local.id);
    const { userId } = await signInWithIdp(provider.key, claimsFor(subject, email));
    expect(userId).toBe(local.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: local.id } })).displayName).toBe("Linked Person");
    const [event] = await db.auditEvent.findMany({ where: { targetId: local.id, action: "user.identity_linked" } });
    expect(event).toMatchObject({ actorId: null, actorName: `${provider.name} sign-in`, relatedId: provider.id });
    expect(event!.summary).toContain(`by verified email ${email}`);
    // A second subject asserting the same email does not take the account over.
    expect(await reasonOf(signInWithIdp(provider.key, claimsFor(unique("sub"), email)))).toBe("email_taken");
    expect(await db.externalIdentity.count({ where: { userId: local.id } })).toBe(1);
  });

  it("an administrator links an existing user; their sign-in through the provider then finds them, audited", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const local = await createUser();
    const email = `${local.username}@example.test`;
    const subject = unique("sub");
    // Before linking: refused, accounts are never matched by email alone.
    expect(await reasonOf(signInWithIdp(provider.key, claimsFor(subject, email)))).toBe("email_taken");

    await linkIdentity(admin, local.id, { providerId: provider.id, subject: ` ${subject} ` });
    const { identities } = await identitiesOfUser(admin, local.id);
    expect(identities.map((i) => [i.providerName, i.subject])).toEqual([[provider.name, subject]]);
    const [event] = await db.auditEvent.findMany({ where: { targetId: local.id, action: "user.identity_linked" } });
    expect(event).toMatchObject({
      actorId: admin.id,
      relatedId: provider.id,
      after: { provider: provider.name, subject },
      summary: `${admin.username} linked ${local.username} to ${provider.name} identity ${subject}`,
    });

    const { userId } = await signInWithIdp(provider.key, claimsFor(subject, email));
    expect(userId).toBe(local.id);
  });

  it("refuses an identity linked to someone else, and a second identity at the same provider", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    await linkIdentity(admin, alice.id, { providerId: provider.id, subject: "shared-sub" });
    await expect(linkIdentity(admin, bob.id, { providerId: provider.id, subject: "shared-sub" })).rejects.toMatchObject(
      {
        code: "CONFLICT",
        message: expect.stringContaining(`already linked to ${alice.username}`),
        fieldErrors: { subject: expect.any(String) },
      },
    );
    await expect(linkIdentity(admin, alice.id, { providerId: provider.id, subject: "other" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(linkIdentity(admin, alice.id, { providerId: provider.id, subject: "  " })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { subject: expect.any(String) },
    });
    expect(await db.externalIdentity.count({ where: { providerId: provider.id } })).toBe(1);
  });

  it("unlinking ends the memberships only the provider asserted, keeps hand-added ones, and is audited", async () => {
    const admin = await adminActor();
    const [mapped, both] = await Promise.all([createGroup(), createGroup()]);
    const provider = await setupProvider(admin, { team: [mapped.id, both.id] });
    const login = unique("pat");
    const { userId } = await signInWithIdp(provider.key, claimsFor(`sub-${login}`, `${login}@idp.test`, ["team"]));
    await addMembers(admin, both.id, [userId]);
    const version = (await db.user.findUniqueOrThrow({ where: { id: userId } })).accessVersion;

    const result = await unlinkIdentity(admin, userId, provider.id, `sub-${login}`);
    expect(result.removedFrom).toEqual([mapped.name]);
    expect(await db.externalIdentity.count({ where: { userId } })).toBe(0);
    expect(
      await db.membership.findMany({ where: { userId }, select: { groupId: true, manual: true, providerId: true } }),
    ).toEqual([{ groupId: both.id, manual: true, providerId: null }]);
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).accessVersion).toBe(version + 1);
    const events = await db.auditEvent.findMany({
      where: { actorId: admin.id, OR: [{ targetId: userId }, { relatedId: userId }] },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => [e.action, e.targetId])).toEqual(
      expect.arrayContaining([
        ["user.identity_unlinked", userId],
        ["group.member_removed", mapped.id],
        ["group.member_provider_detached", both.id],
      ]),
    );
    // The next sign-in through the provider no longer finds the user.
    expect(await reasonOf(signInWithIdp(provider.key, claimsFor(`sub-${login}`, `${login}@idp.test`)))).toBe(
      "email_taken",
    );
  });

  it("needs users:write (users:read to list); without it nothing changes", async () => {
    const admin = await adminActor();
    const provider = await setupProvider(admin);
    const nobody = await plainActor();
    const alice = await createUser();
    await expect(identitiesOfUser(nobody, alice.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(linkIdentity(nobody, alice.id, { providerId: provider.id, subject: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await linkIdentity(admin, alice.id, { providerId: provider.id, subject: "x" });
    await expect(unlinkIdentity(nobody, alice.id, provider.id, "x")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(unlinkIdentity(admin, alice.id, provider.id, "y")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.externalIdentity.count({ where: { userId: alice.id } })).toBe(1);
  });
});

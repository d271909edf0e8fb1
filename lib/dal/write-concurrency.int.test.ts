import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { db, type Tx } from "./db";
import { removeDirectGrant } from "./grants";
import { deleteGroup } from "./groups";
import { unlinkIdentity } from "./identity-links";
import { addMapping, createProvider } from "./identity-providers";
import { signInWithIdp } from "./idp-sign-in";
import { addMembers, removeMembers } from "./memberships";
import { setUserStatus } from "./users";
import { lockKey } from "./write";
import {
  actorFor,
  adminActor,
  adminRole,
  createGroup,
  createRole,
  createUser,
  grantDirect,
  resetDatabase,
  unique,
} from "@/lib/testing/factories";

process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

/** Active users holding gatehouse:admin by any source. */
async function activeAdmins(): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT u."id") AS n FROM "User" u
    JOIN "Role" r ON r."key" = 'admin' JOIN "Application" a ON a."id" = r."applicationId" AND a."key" = 'gatehouse'
    WHERE u."status" = 'ACTIVE' AND (
      EXISTS (SELECT 1 FROM "DirectGrant" d WHERE d."userId" = u."id" AND d."roleId" = r."id")
      OR EXISTS (SELECT 1 FROM "Membership" m JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
                 WHERE m."userId" = u."id" AND gr."roleId" = r."id"))`;
  return Number(row!.n);
}

/** An administrator only through a group of their own (so two of them lock different groups). */
async function adminThroughOwnGroup(): Promise<{ actor: Actor; groupId: string }> {
  const user = await createUser({ username: unique("admin") });
  const group = await createGroup({ roleIds: [(await adminRole()).id], memberIds: [user.id] });
  return { actor: await actorFor(user.id), groupId: group.id };
}

const ROUNDS = 12;

describe("rule 8 under concurrency: parallel removals never leave zero administrators", () => {
  it("two admins removing themselves from their own admin groups at once: exactly one succeeds", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await resetDatabase();
      const a = await adminThroughOwnGroup();
      const b = await adminThroughOwnGroup();
      const results = await Promise.allSettled([
        removeMembers(a.actor, a.groupId, [a.actor.id]),
        removeMembers(b.actor, b.groupId, [b.actor.id]),
      ]);
      expect(await activeAdmins()).toBe(1);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected");
      expect(refused?.reason).toMatchObject({ code: "CONFLICT" });
    }
  });

  it("deleting two admin groups, disabling, revoking and IdP sign-ins racing each other", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await resetDatabase();
      const admin = await adminRole();
      const a = await adminThroughOwnGroup();
      const b = await adminThroughOwnGroup();
      const direct = await createUser({ username: unique("direct") });
      await grantDirect(direct.id, admin.id);
      const directActor = await actorFor(direct.id);
      // Two more admins only through provider-asserted memberships of their own groups.
      const provider = await createProvider(directActor, {
        key: unique("idp"),
        name: unique("SSO"),
        issuer: "https://login.example.test",
        clientId: "gatehouse",
        clientSecret: "secret",
      });
      const providerKey = (await db.identityProvider.findUniqueOrThrow({ where: { id: provider.id } })).key;
      const ssoUsers: string[] = [];
      for (const value of ["ops", "sec"]) {
        const group = await createGroup({ roleIds: [admin.id] });
        await addMapping(directActor, provider.id, { value, groupIds: [group.id] });
        const signedIn = await signInWithIdp(providerKey, { sub: `${value}-${round}`, groups: [value] });
        ssoUsers.push(signedIn.userId);
      }
      expect(await activeAdmins()).toBe(5);

      const results = await Promise.allSettled([
        deleteGroup(b.actor, a.groupId),
        deleteGroup(a.actor, b.groupId),
        removeDirectGrant(directActor, direct.id, admin.id),
        setUserStatus(a.actor, ssoUsers[0]!, "DISABLED"),
        signInWithIdp(providerKey, { sub: `ops-${round}`, groups: [] }),
        signInWithIdp(providerKey, { sub: `sec-${round}`, groups: [] }),
      ]);
      expect(await activeAdmins()).toBeGreaterThanOrEqual(1);
      for (const result of results) {
        if (result.status === "rejected") {
          expect(["CONFLICT", "FORBIDDEN", undefined]).toContain((result.reason as { code?: string }).code);
          if (!(result.reason as { code?: string }).code) {
            expect(["last_admin", "disabled"]).toContain((result.reason as { reason?: string }).reason);
          }
        }
      }
    }
  });
});

/** The issue's scale: the deletion that must not hold up unrelated changes has 100,000 members. */
const BIG = 100_000;

describe("writes wait only for writes they conflict with", () => {
  it("a membership change and IdP sign-ins complete while a 100k-member group is being deleted", async () => {
    await resetDatabase();
    const admin = await adminActor();
    const role = await createRole();
    const big = await createGroup({ roleIds: [role.id], name: unique("big") });
    const tag = unique("bulk");
    await db.$executeRaw`
      INSERT INTO "User" ("id", "username", "email", "displayName", "updatedAt")
      SELECT gen_random_uuid(), ${tag} || '-' || i, ${tag} || '-' || i || '@example.test', ${tag} || ' ' || i, now()
      FROM generate_series(1, ${BIG}) AS i`;
    await db.$executeRaw`
      INSERT INTO "Membership" ("groupId", "userId")
      SELECT ${big.id}::uuid, "id" FROM "User" WHERE "username" LIKE ${`${tag}-%`}`;
    const other = await createGroup({ roleIds: [role.id] });
    const newcomer = await createUser();
    const mapped = await createGroup();
    const { provider, providerKey } = await newProvider(admin);
    await addMapping(admin, provider.id, { value: "staff", groupIds: [mapped.id] });
    const steady = await signInWithIdp(providerKey, { sub: "steady", groups: ["staff"] });
    // A member of the big group who signs in through the provider too.
    const bigMember = (await db.user.findFirstOrThrow({ where: { username: `${tag}-1` } })).id;
    await db.externalIdentity.create({ data: { providerId: provider.id, subject: "big-member", userId: bigMember } });

    // Hold the deletion in the middle: it has taken its locks, and
    // now waits for a key-share lock on the group row (what a concurrent insert's foreign key takes).
    const blocker = await holdOpen(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Group" WHERE "id" = ${big.id}::uuid FOR KEY SHARE`;
    });
    let deletionSettled = false;
    const deletion = deleteGroup(admin, big.id).finally(() => (deletionSettled = true));
    deletion.catch(() => undefined);
    await waitForBlockedDelete();

    const added = await addMembers(admin, other.id, [newcomer.id]);
    const removed = await removeMembers(admin, other.id, [newcomer.id]);
    const unchanged = await signInWithIdp(providerKey, { sub: "steady", groups: ["staff"] });
    const changed = await signInWithIdp(providerKey, { sub: "steady", groups: [] });
    const bigMemberSignIn = await signInWithIdp(providerKey, { sub: "big-member", name: `${tag} 1`, groups: [] });
    expect(deletionSettled).toBe(false);

    expect(added.added).toHaveLength(1);
    expect(removed.removed).toHaveLength(1);
    expect(unchanged.userId).toBe(steady.userId);
    expect(changed.userId).toBe(steady.userId);
    expect(bigMemberSignIn.userId).toBe(bigMember);
    expect(await db.membership.count({ where: { userId: steady.userId, groupId: mapped.id } })).toBe(0);

    await blocker.release();
    await expect(deletion).resolves.toEqual({ name: big.name });
    expect(await db.membership.count({ where: { groupId: big.id } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "group.deleted", targetId: big.id } });
    expect(audit.summary).toContain(`${BIG.toLocaleString("en")} members, ${BIG} lost access`);
  }, 120_000);
});

describe("changes to different groups with the same members", () => {
  it("deleting two groups that share 5,000 members at once: both succeed", async () => {
    for (let round = 0; round < 4; round++) {
      await resetDatabase();
      const admin = await adminActor();
      const roles = [await createRole(), await createRole()];
      const tag = unique("shared");
      await db.$executeRaw`
        INSERT INTO "User" ("id", "username", "email", "displayName", "updatedAt")
        SELECT gen_random_uuid(), ${tag} || '-' || i, ${tag} || '-' || i || '@example.test', ${tag}, now()
        FROM generate_series(1, 5000) AS i`;
      // Different roles: every member loses one through each deletion, so both bump all 5,000.
      const groups = [await createGroup({ roleIds: [roles[0]!.id] }), await createGroup({ roleIds: [roles[1]!.id] })];
      for (const group of groups) {
        await db.$executeRaw`
          INSERT INTO "Membership" ("groupId", "userId")
          SELECT ${group.id}::uuid, "id" FROM "User" WHERE "displayName" = ${tag} ORDER BY random()`;
        await db.$executeRaw`ANALYZE "Membership"`;
      }
      const results = await Promise.allSettled(groups.map((group) => deleteGroup(admin, group.id)));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      expect(await db.membership.count({ where: { user: { displayName: tag } } })).toBe(0);
    }
  });
});

describe("IdP sign-in", () => {
  it("takes no lock when it changes nothing, and the locks of what it changes otherwise", async () => {
    await resetDatabase();
    const admin = await adminActor();
    const staff = await createGroup();
    const ops = await createGroup();
    const { provider, providerKey } = await newProvider(admin);
    await addMapping(admin, provider.id, { value: "staff", groupIds: [staff.id] });
    await addMapping(admin, provider.id, { value: "ops", groupIds: [ops.id] });
    const { userId } = await signInWithIdp(providerKey, { sub: "carol", groups: ["staff"] });

    // Another write holds the user's lock and both groups' locks.
    const holder = await holdOpen(async (tx) => {
      for (const key of [lockKey("user", userId), lockKey("group", staff.id), lockKey("group", ops.id)]) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key})`;
      }
    });
    await expect(signInWithIdp(providerKey, { sub: "carol", groups: ["staff"] })).resolves.toMatchObject({ userId });
    let changedDone = false;
    const changed = signInWithIdp(providerKey, { sub: "carol", groups: ["staff", "ops"] }).finally(
      () => (changedDone = true),
    );
    await waitForAdvisoryWaiter();
    expect(changedDone).toBe(false);
    await holder.release();
    await changed;
    expect(await db.membership.count({ where: { userId, groupId: ops.id } })).toBe(1);
  });
});

/** An identity provider of the admin's, and its key for signInWithIdp. */
async function newProvider(admin: Actor) {
  const provider = await createProvider(admin, {
    key: unique("idp"),
    name: unique("SSO"),
    issuer: "https://login.example.test",
    clientId: "gatehouse",
    clientSecret: "secret",
  });
  const { key } = await db.identityProvider.findUniqueOrThrow({ where: { id: provider.id } });
  return { provider, providerKey: key };
}

/**
 * Another write under way: runs `work` in a transaction and keeps it open (its locks held, its
 * changes uncommitted) until `release()`, which commits it.
 */
async function holdOpen(work: (tx: Tx) => Promise<unknown>): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const transaction = db.$transaction(
    async (tx) => {
      await work(tx);
      ready();
      await held;
    },
    { timeout: 120_000 },
  );
  await Promise.race([started, transaction]);
  return {
    release: async () => {
      release();
      await transaction;
    },
  };
}

/** Until some backend waits for an advisory lock. */
async function waitForAdvisoryWaiter() {
  for (let i = 0; i < 600; i++) {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;
    if (Number(row!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("nothing ever waited for an advisory lock");
}

/** Until a backend is waiting for a lock in the group's DELETE (the deletion holds its own locks by then). */
async function waitForBlockedDelete() {
  for (let i = 0; i < 600; i++) {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity
      WHERE wait_event_type = 'Lock' AND query ILIKE 'DELETE FROM %"Group"%'`;
    if (Number(row!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the group deletion never reached its DELETE");
}

describe("unlinking a provider identity", () => {
  it("waits for a change to a group it ends a membership of, and keeps the membership added by hand meanwhile", async () => {
    await resetDatabase();
    const admin = await adminActor();
    const team = await createGroup();
    const { provider, providerKey } = await newProvider(admin);
    await addMapping(admin, provider.id, { value: "team", groupIds: [team.id] });
    const { userId } = await signInWithIdp(providerKey, { sub: "dana", groups: ["team"] });

    // An admin's hand-add to the group is under way: it holds the group's lock and has made the
    // provider's membership a hand-added one, not yet committed.
    const handAdd = await holdOpen(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${lockKey("group", team.id)})`;
      await tx.membership.update({ where: { groupId_userId: { groupId: team.id, userId } }, data: { manual: true } });
    });
    let unlinked = false;
    const unlink = unlinkIdentity(admin, userId, provider.id, "dana").finally(() => (unlinked = true));
    await waitForAdvisoryWaiter();
    expect(unlinked).toBe(false);
    await handAdd.release();
    await expect(unlink).resolves.toEqual({ removedFrom: [] });
    expect(
      await db.membership.findMany({ where: { userId }, select: { groupId: true, manual: true, providerId: true } }),
    ).toEqual([{ groupId: team.id, manual: true, providerId: null }]);
  });
});

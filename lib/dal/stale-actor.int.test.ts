import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { db } from "./db";
import { createGroup as createGroupDal } from "./groups";
import { removeMembers } from "./memberships";
import { lockKey } from "./write";
import {
  actorFor,
  adminActor,
  adminRole,
  createGroup,
  createUser,
  resetDatabase,
  unique,
} from "@/lib/testing/factories";

/**
 * Issue 10, item 5: the actor is re-checked inside the write transaction, after its
 * locks (issue 11: shared locks on the sources of the actor's permission, which a change
 * removing it locks exclusively). An administrator who loses admin while their request is in flight
 * (the loss committing first) must not get their write committed.
 */
describe("the actor is checked under the lock", () => {
  let adminsGroupId: string;
  let other: Actor;

  beforeEach(async () => {
    await resetDatabase();
    other = await adminActor();
    adminsGroupId = (await createGroup({ name: "Administrators", roleIds: [(await adminRole()).id] })).id;
  });

  /** An administrator through the Administrators group, with their actor loaded (as a request would). */
  async function groupAdmin(): Promise<Actor> {
    const user = await createUser({ username: unique("loser") });
    await db.membership.create({ data: { groupId: adminsGroupId, userId: user.id } });
    return actorFor(user.id);
  }

  it("refuses a write whose actor lost the permission while it waited for the lock", async () => {
    const actor = await groupAdmin();
    expect(actor.isAdmin).toBe(true);
    const name = unique("late");
    let write: Promise<unknown> | undefined;
    // Another transaction holds the group's lock and removes the admin; the write queues behind it.
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${lockKey("group", adminsGroupId)})`;
      await tx.membership.deleteMany({ where: { groupId: adminsGroupId, userId: actor.id } });
      write = createGroupDal(actor, { name });
      write.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await expect(write).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.group.count({ where: { name } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: actor.id } })).toBe(0);
  });

  it("refuses a write whose actor was disabled while it waited for the lock", async () => {
    const actor = await groupAdmin();
    const name = unique("late");
    let write: Promise<unknown> | undefined;
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${lockKey("user", actor.id)})`;
      await tx.user.update({ where: { id: actor.id }, data: { status: "DISABLED" } });
      write = createGroupDal(actor, { name });
      write.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await expect(write).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.group.count({ where: { name } })).toBe(0);
  });

  it("still lets an actor who keeps the permission write", async () => {
    const actor = await groupAdmin();
    await expect(createGroupDal(actor, { name: unique("fine") })).resolves.toHaveProperty("id");
  });

  it("an admin's write racing the removal of their admin role never commits after the loss (20 tries)", async () => {
    const tries = 20;
    let staleCommits = 0;
    let writesFirst = 0;
    let refused = 0;
    for (let i = 0; i < tries; i++) {
      const actor = await groupAdmin();
      const name = unique("race");
      const [write, removal] = await Promise.allSettled([
        createGroupDal(actor, { name }),
        removeMembers(other, adminsGroupId, [actor.id]),
      ]);
      expect(removal.status).toBe("fulfilled");
      // Audit ids come from a sequence used under the locks both take: their order is the commit order.
      const removedAt = await db.auditEvent.findFirstOrThrow({
        where: { action: "group.member_removed", relatedId: actor.id },
        select: { id: true },
      });
      const created = await db.auditEvent.findFirst({
        where: { action: "group.created", targetName: name },
        select: { id: true },
      });
      if (write.status === "rejected") {
        expect(write.reason).toMatchObject({ code: "FORBIDDEN" });
        expect(created).toBeNull();
        expect(await db.group.count({ where: { name } })).toBe(0);
        refused++;
      } else if (created && created.id > removedAt.id) {
        staleCommits++;
      } else {
        writesFirst++;
      }
    }
    expect(staleCommits).toBe(0);
    expect(refused + writesFirst).toBe(tries);
  });
});

import { describe, expect, it } from "vitest";
import { changeOwnPassword } from "./account";
import { loadActor } from "./actor";
import { hashPassword, verifyCredentials } from "./credentials";
import { db } from "./db";
import { actorFor, adminActor, createUser } from "@/lib/testing/factories";

const OLD = "old password 1234";
const NEW = "brand new passphrase";

async function userWithPassword(password: string | null = OLD) {
  const user = await createUser();
  if (password) await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  return { ...user, actor: await actorFor(user.id) };
}
const row = (id: string) => db.user.findUniqueOrThrow({ where: { id } });
const events = (id: string) => db.auditEvent.findMany({ where: { targetId: id } });

describe("changing your own password", () => {
  it("with the right current password: the new one works, the old one not, and every session is signed out", async () => {
    const alice = await userWithPassword();
    const before = await row(alice.id);
    await changeOwnPassword(alice.actor, { currentPassword: OLD, newPassword: NEW, confirmPassword: NEW });
    expect(await verifyCredentials(alice.username, NEW)).toEqual({
      id: alice.id,
      sessionVersion: before.sessionVersion + 1,
    });
    expect(await verifyCredentials(alice.username, OLD)).toBeNull();
    expect(await loadActor(alice.id, before.sessionVersion)).toBeNull();
    expect(await events(alice.id)).toMatchObject([
      {
        action: "user.password_set",
        actorId: alice.id,
        actorName: alice.username,
        targetType: "user",
        targetName: alice.username,
        summary: `${alice.username} changed their own password`,
      },
    ]);
  });

  it("refuses a wrong current password with INVALID on that field, changing nothing", async () => {
    const alice = await userWithPassword();
    const before = await row(alice.id);
    await expect(
      changeOwnPassword(alice.actor, { currentPassword: "not my password", newPassword: NEW, confirmPassword: NEW }),
    ).rejects.toMatchObject({
      code: "INVALID",
      message: "The current password is not correct.",
      fieldErrors: { currentPassword: "The current password is not correct." },
    });
    const after = await row(alice.id);
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.sessionVersion).toBe(before.sessionVersion);
    expect(await verifyCredentials(alice.username, OLD)).not.toBeNull();
    expect(await events(alice.id)).toEqual([]);
  });

  it("rejects bad new passwords with the field to fix, changing nothing", async () => {
    const alice = await userWithPassword();
    const before = await row(alice.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ currentPassword: OLD, newPassword: NEW, confirmPassword: `${NEW}x` }, "confirmPassword"],
      [{ currentPassword: OLD, newPassword: "short", confirmPassword: "short" }, "newPassword"],
      [{ currentPassword: OLD, newPassword: "abababababababab", confirmPassword: "abababababababab" }, "newPassword"],
      [{ currentPassword: OLD, newPassword: OLD, confirmPassword: OLD }, "newPassword"],
      [{ currentPassword: "", newPassword: NEW, confirmPassword: NEW }, "currentPassword"],
    ];
    for (const [input, field] of cases) {
      await expect(changeOwnPassword(alice.actor, input)).rejects.toMatchObject({
        code: "INVALID",
        fieldErrors: { [field]: expect.any(String) },
      });
    }
    await expect(
      changeOwnPassword(alice.actor, { newPassword: NEW, confirmPassword: NEW, extra: 1 }),
    ).rejects.toMatchObject({
      code: "INVALID",
    });
    expect((await row(alice.id)).passwordHash).toBe(before.passwordHash);
    expect(await events(alice.id)).toEqual([]);
  });

  it("a user without a password cannot set one here", async () => {
    const bob = await userWithPassword(null);
    await expect(
      changeOwnPassword(bob.actor, { currentPassword: "anything at all", newPassword: NEW, confirmPassword: NEW }),
    ).rejects.toMatchObject({ code: "INVALID", fieldErrors: { currentPassword: expect.any(String) } });
    expect((await row(bob.id)).passwordHash).toBeNull();
  });

  it("only changes the actor's own password, even for an administrator, and needs a signed-in actor", async () => {
    const admin = await adminActor();
    await db.user.update({ where: { id: admin.id }, data: { passwordHash: await hashPassword(OLD) } });
    const alice = await userWithPassword();
    await changeOwnPassword(admin, { currentPassword: OLD, newPassword: NEW, confirmPassword: NEW });
    expect(await verifyCredentials(alice.username, OLD)).not.toBeNull();
    expect(await verifyCredentials(admin.username, NEW)).not.toBeNull();
    await expect(
      changeOwnPassword(null as never, { currentPassword: OLD, newPassword: NEW, confirmPassword: NEW }),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await events(alice.id)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { loadActor } from "./actor";
import { verifyCredentials } from "./credentials";
import { db } from "./db";
import { createUser, getUser, listUsers, searchUsers, setPassword, setUserStatus, updateUser } from "./users";
import { adminActor, createGroup, createUser as makeUser, plainActor, unique } from "@/lib/testing/factories";

const MISSING = "01900000-0000-7000-8000-000000000000";
const PASSWORD = "correct horse battery";
const userRow = (id: string) => db.user.findUniqueOrThrow({ where: { id } });
const actionsOn = async (id: string) =>
  (await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } })).map((e) => e.action);

describe("users DAL", () => {
  it("creates a user with a password and groups in one step, normalised and audited", async () => {
    const admin = await adminActor();
    const group = await createGroup();
    const name = unique("Alice");
    const { id } = await createUser(admin, {
      username: `  ${name.toUpperCase()} `,
      email: `${name.toUpperCase()}@Example.Test`,
      displayName: " Alice Liddell ",
      password: PASSWORD,
      groupIds: [group.id],
    });
    const user = await getUser(admin, id);
    expect(user).toMatchObject({
      username: name.toLowerCase(),
      email: `${name.toLowerCase()}@example.test`,
      displayName: "Alice Liddell",
      status: "ACTIVE",
      hasPassword: true,
      groupCount: 1,
    });
    expect(await verifyCredentials(name, PASSWORD)).toMatchObject({ id });
    expect(await actionsOn(id)).toEqual(["user.created"]);
    const joined = await db.auditEvent.findFirstOrThrow({ where: { targetId: group.id, relatedId: id } });
    expect(joined).toMatchObject({ action: "group.member_added", actorId: admin.id, relatedName: name.toLowerCase() });
  });

  it("rejects bad input and taken identities without writing anything", async () => {
    const admin = await adminActor();
    const taken = await makeUser();
    const before = await db.user.count();
    const valid = {
      username: unique("bob"),
      email: `${unique("bob")}@example.test`,
      displayName: "Bob",
      password: PASSWORD,
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...valid, username: "a" }, "INVALID", "username"],
      [{ ...valid, username: "bad name!" }, "INVALID", "username"],
      [{ ...valid, email: "not-an-email" }, "INVALID", "email"],
      [{ ...valid, password: "short" }, "INVALID", "password"],
      [{ ...valid, password: "aaaaaaaaaaaaaaaa" }, "INVALID", "password"],
      [{ ...valid, groupIds: ["nope"] }, "INVALID", "groupIds.0"],
      [{ ...valid, username: taken.username.toUpperCase() }, "CONFLICT", "username"],
      [{ ...valid, email: `${taken.username}@example.test` }, "CONFLICT", "email"],
    ];
    for (const [input, code, field] of cases) {
      await expect(createUser(admin, input)).rejects.toMatchObject({
        code,
        fieldErrors: { [field]: expect.any(String) },
      });
    }
    await expect(createUser(admin, { ...valid, isAdmin: true })).rejects.toMatchObject({ code: "INVALID" });
    expect(await db.user.count()).toBe(before);
    expect(await db.auditEvent.count({ where: { actorId: admin.id } })).toBe(0);
  });

  it("a create whose group no longer exists leaves nothing half-done", async () => {
    const admin = await adminActor();
    const group = await createGroup();
    const username = unique("half");
    const input = { username, email: `${username}@example.test`, displayName: "H", password: PASSWORD };
    await expect(createUser(admin, { ...input, groupIds: [group.id, MISSING] })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { groupIds: expect.any(String) },
    });
    expect(await db.user.count({ where: { username } })).toBe(0);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: admin.id } })).toBe(0);
  });

  it("updates the profile, audits before/after, skips no-op saves and reports a taken email on the field", async () => {
    const admin = await adminActor();
    const [alice, bob] = await Promise.all([makeUser(), makeUser()]);
    const email = `${unique("new")}@example.test`;
    await updateUser(admin, alice.id, { email: email.toUpperCase(), displayName: "Alice B." });
    await updateUser(admin, alice.id, { email, displayName: "Alice B." });
    expect(await getUser(admin, alice.id)).toMatchObject({ email, displayName: "Alice B." });
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: alice.id } });
    expect(event).toMatchObject({ action: "user.updated", after: { email, displayName: "Alice B." } });
    expect(await actionsOn(alice.id)).toEqual(["user.updated"]);
    await expect(
      updateUser(admin, alice.id, { email: `${bob.username}@example.test`, displayName: "X" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: expect.stringContaining(bob.username) },
    });
    await expect(updateUser(admin, alice.id, { email: "nope", displayName: "" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { email: expect.any(String), displayName: expect.any(String) },
    });
    expect(await getUser(admin, alice.id)).toMatchObject({ email, displayName: "Alice B." });
    expect(await actionsOn(alice.id)).toEqual(["user.updated"]);
  });

  it("disabling signs the user out and bumps versions; enabling again works; repeats are not audited", async () => {
    const admin = await adminActor();
    const alice = await makeUser();
    const before = await userRow(alice.id);
    await setUserStatus(admin, alice.id, "DISABLED");
    await setUserStatus(admin, alice.id, "DISABLED");
    const disabled = await userRow(alice.id);
    expect(disabled).toMatchObject({
      status: "DISABLED",
      sessionVersion: before.sessionVersion + 1,
      accessVersion: before.accessVersion + 1,
    });
    expect(await loadActor(alice.id, disabled.sessionVersion)).toBeNull();
    expect(await getUser(admin, alice.id)).toMatchObject({ status: "DISABLED" });
    await setUserStatus(admin, alice.id, "ACTIVE");
    expect(await loadActor(alice.id, disabled.sessionVersion + 1)).toMatchObject({ username: alice.username });
    expect(await actionsOn(alice.id)).toEqual(["user.disabled", "user.enabled"]);
    await expect(setUserStatus(admin, alice.id, "GONE" as never)).rejects.toMatchObject({ code: "INVALID" });
    expect((await userRow(alice.id)).status).toBe("ACTIVE");
  });

  it("sets a password: the new one signs in, other sessions end, weak passwords are refused", async () => {
    const admin = await adminActor();
    const alice = await makeUser();
    await expect(setPassword(admin, alice.id, { password: "weak" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { password: expect.any(String) },
    });
    expect(await getUser(admin, alice.id)).toMatchObject({ hasPassword: false });
    const before = await userRow(alice.id);
    await setPassword(admin, alice.id, { password: PASSWORD });
    expect(await verifyCredentials(alice.username, PASSWORD)).toMatchObject({ id: alice.id });
    expect(await verifyCredentials(alice.username, `${PASSWORD}!`)).toBeNull();
    expect((await userRow(alice.id)).sessionVersion).toBe(before.sessionVersion + 1);
    expect(await actionsOn(alice.id)).toEqual(["user.password_set"]);
  });

  it("lists with search in username, display name and email, pagination and group counts", async () => {
    const admin = await adminActor();
    const tag = unique("zz-list");
    const [c, a, b] = await Promise.all(["c", "a", "b"].map((n) => makeUser({ username: `${tag}-${n}` })));
    await createGroup({ memberIds: [a!.id, b!.id] });
    await createGroup({ memberIds: [a!.id] });
    const page1 = await listUsers(admin, { q: tag.toUpperCase(), pageSize: 2 });
    expect(page1).toMatchObject({ total: 3, pageCount: 2 });
    expect(page1.items.map((u) => [u.username, u.groupCount])).toEqual([
      [a!.username, 2],
      [b!.username, 1],
    ]);
    const page2 = await listUsers(admin, { q: tag, pageSize: 2, page: 2 });
    expect(page2.items.map((u) => u.username)).toEqual([c!.username]);
    expect((await listUsers(admin, { q: `${tag}-c@example` })).items.map((u) => u.id)).toEqual([c!.id]);
    expect((await listUsers(admin, { q: "100%_" })).total).toBe(0);
    // A search that cannot run (too long, control characters) lists as if there were none; the search box says why.
    expect((await listUsers(admin, { q: "x".repeat(101) })).total).toBe((await listUsers(admin, {})).total);
  });

  it("searches for pickers by prefix, leaving out members of a group", async () => {
    const admin = await adminActor();
    const tag = unique("pick");
    const [alice, bob] = await Promise.all([
      makeUser({ username: `${tag}-alice` }),
      makeUser({ username: `${tag}-bob` }),
    ]);
    const group = await createGroup({ memberIds: [alice.id] });
    expect((await searchUsers(admin, tag.toUpperCase())).map((u) => u.username)).toEqual([
      alice.username,
      bob.username,
    ]);
    expect((await searchUsers(admin, tag, { notInGroupId: group.id })).map((u) => u.id)).toEqual([bob.id]);
    expect(await searchUsers(admin, tag, { limit: 1 })).toHaveLength(1);
    expect(await searchUsers(admin, `x${tag}`)).toEqual([]);
  });

  it("unknown or malformed ids read as not found, for reads and writes", async () => {
    const admin = await adminActor();
    for (const id of ["not-an-id", MISSING]) {
      await expect(getUser(admin, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(
        updateUser(admin, id, { email: `${unique("x")}@example.test`, displayName: "X" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(setUserStatus(admin, id, "DISABLED")).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(setPassword(admin, id, { password: PASSWORD })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("refuses every user function to a user without permissions and to no actor, changing nothing", async () => {
    await adminActor();
    const nobody = await plainActor();
    const alice = await makeUser();
    const username = unique("new");
    const calls = [
      (a: Actor) => listUsers(a, {}),
      (a: Actor) => searchUsers(a, alice.username),
      (a: Actor) => getUser(a, alice.id),
      (a: Actor) =>
        createUser(a, { username, email: `${username}@example.test`, displayName: "N", password: PASSWORD }),
      (a: Actor) => updateUser(a, alice.id, { email: `${username}@example.test`, displayName: "Hacked" }),
      (a: Actor) => setUserStatus(a, alice.id, "DISABLED"),
      (a: Actor) => setPassword(a, alice.id, { password: PASSWORD }),
    ];
    for (const call of calls) {
      await expect(call(nobody)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(null as never)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect(await userRow(alice.id)).toMatchObject({
      status: "ACTIVE",
      displayName: alice.username,
      passwordHash: null,
      sessionVersion: 1,
    });
    expect(await db.user.count({ where: { username } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: nobody.id } })).toBe(0);
  });
});

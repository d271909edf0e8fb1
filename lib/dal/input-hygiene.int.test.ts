import { describe, expect, it } from "vitest";
import { adminActor, createUser, unique } from "@/lib/testing/factories";
import { db } from "./db";
import { createGroup } from "./groups";
import { listUsers, updateUser } from "./users";

// Before text(), PostgreSQL refused the NUL byte and the person saw "Something went wrong on our side".
describe("control characters reaching the data layer", () => {
  it("a group name with NUL is a field error and creates nothing", async () => {
    const admin = await adminActor();
    const before = await db.group.count();
    const name = `${unique("Bad")}\u0000name`;
    await expect(createGroup(admin, { name, description: "" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { name: expect.stringMatching(/control characters/) },
    });
    expect(await db.group.count()).toBe(before);
  });

  it("a display name with a lone surrogate is a field error and changes nothing", async () => {
    const admin = await adminActor();
    const user = await createUser();
    await expect(
      updateUser(admin, user.id, { email: `${user.username}@example.test`, displayName: "Ana \ud83d" }),
    ).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { displayName: expect.stringMatching(/broken character/) },
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).displayName).not.toContain("Ana");
  });

  it("a search with NUL lists as if there were no search, instead of failing", async () => {
    const admin = await adminActor();
    const page = await listUsers(admin, { q: "ad\u0000min" });
    expect(page.total).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { seed } from "@/prisma/seed";
import { loadUserAccess } from "./access";
import { db } from "./db";
import { resetDatabase } from "@/lib/testing/factories";

async function snapshot() {
  const [users, groups, roles, memberships, grants] = await Promise.all([
    db.user.count(),
    db.group.count(),
    db.role.count(),
    db.membership.count(),
    db.directGrant.count(),
  ]);
  return { users, groups, roles, memberships, grants };
}

describe("demo seed", () => {
  it("loads a believable organisation once; seeding again changes nothing", async () => {
    await resetDatabase();
    expect(await seed(db)).toEqual({ created: true });
    const first = await snapshot();
    expect(first.users).toBeGreaterThanOrEqual(25);
    const admin = await db.user.findUniqueOrThrow({ where: { username: "admin" } });
    const access = await loadUserAccess(admin.id);
    expect(access.roles.map((r) => r.claim)).toContain("gatehouse:admin");
    expect(access.groups.map((g) => g.name)).toEqual(["Administrators"]);

    // The demo organisation shows stages: Development and QA before Production, with groups and grants of their own.
    expect((await db.stage.findMany({ orderBy: { position: "asc" } })).map((s) => s.key)).toEqual([
      "development",
      "qa",
      "production",
    ]);
    const li = await db.user.findUniqueOrThrow({ where: { username: "li.wei" } });
    const liAccess = await loadUserAccess(li.id);
    const development = await db.stage.findUniqueOrThrow({ where: { key: "development" } });
    expect(liAccess.roles.filter((r) => r.stageId === development.id).map((r) => r.claim)).toContain("crm:admin");
    expect(liAccess.roles.filter((r) => r.stageId !== development.id).map((r) => r.claim)).not.toContain("crm:admin");

    // An administrator's change survives a second seed.
    const maria = await db.user.findUniqueOrThrow({ where: { username: "maria.garcia" } });
    const { count } = await db.membership.deleteMany({ where: { userId: maria.id } });
    expect(await seed(db)).toEqual({ created: false });
    expect(await snapshot()).toEqual({ ...first, memberships: first.memberships - count });
  });
});

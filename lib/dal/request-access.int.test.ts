import { describe, expect, it } from "vitest";
import { createGroup, createRole, createUser, grantDirect } from "@/lib/testing/factories";
import { isSessionCurrent, loadActor } from "./actor";
import { loadClaims } from "./claims";
import { db } from "./db";
import { withRequestScope } from "./request-access";

describe("one read per request", () => {
  it("the session check, the claims and the actor of one request share one read of the user", async () => {
    const [user, role] = await Promise.all([createUser(), createRole()]);
    const group = await createGroup({ memberIds: [user.id] });
    await grantDirect(user.id, role.id);
    await withRequestScope(async () => {
      expect(await isSessionCurrent(user.id, 1)).toBe(true);
      // A change committed mid-request is not seen again by the same request: nothing was read twice.
      await db.membership.deleteMany({ where: { userId: user.id } });
      await db.user.update({ where: { id: user.id }, data: { status: "DISABLED" } });
      expect((await loadClaims(user.id)).groups).toEqual([group.name]);
      const actor = await loadActor(user.id, 1);
      expect(actor?.roleKeys.size).toBe(1);
    });
    // The next request reads afresh.
    await withRequestScope(async () => {
      expect(await isSessionCurrent(user.id, 1)).toBe(false);
      expect(await loadActor(user.id, 1)).toBeNull();
      expect((await loadClaims(user.id)).groups).toEqual([]);
    });
  });
});

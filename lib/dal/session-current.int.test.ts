import { describe, expect, it } from "vitest";
import { createUser } from "@/lib/testing/factories";
import { isSessionCurrent } from "./actor";
import { db } from "./db";

describe("isSessionCurrent (the Auth.js jwt callback ends sessions that fail it)", () => {
  it("holds for an active user at their current session version", async () => {
    const user = await createUser();
    expect(await isSessionCurrent(user.id, 1)).toBe(true);
  });

  it("fails for a disabled user, a bumped version, an unknown id or a malformed token", async () => {
    const disabled = await createUser({ status: "DISABLED" });
    expect(await isSessionCurrent(disabled.id, 1)).toBe(false);
    const revoked = await createUser();
    await db.user.update({ where: { id: revoked.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await isSessionCurrent(revoked.id, 1)).toBe(false);
    expect(await isSessionCurrent(revoked.id, 2)).toBe(true);
    expect(await isSessionCurrent("01900000-0000-7000-8000-000000000000", 1)).toBe(false);
    expect(await isSessionCurrent("not-a-uuid", 1)).toBe(false);
    expect(await isSessionCurrent(revoked.id, "2")).toBe(false);
    expect(await isSessionCurrent(undefined, undefined)).toBe(false);
  });
});

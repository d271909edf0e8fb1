import { describe, expect, it } from "vitest";
import { PERMISSIONS, TOKEN_PERMISSIONS } from "@/lib/access/permissions";
import {
  actorFor,
  adminActor,
  bearer,
  createApiToken,
  createGroup,
  createRole,
  createUser,
  plainActor,
  portalApplication,
  unique,
} from "@/lib/testing/factories";
import { hashToken, listTokens, revokeToken } from "./api-tokens";
import { db } from "./db";
import { isAppError } from "./errors";
import { addMembers } from "./memberships";
import { authenticateBearer } from "./token-auth";

async function auditorActor() {
  const app = await portalApplication();
  const role = await db.role.upsert({
    where: { applicationId_key: { applicationId: app.id, key: "auditor" } },
    update: {},
    create: { applicationId: app.id, key: "auditor", name: "Auditor" },
  });
  const user = await createUser();
  await db.directGrant.create({ data: { userId: user.id, roleId: role.id } });
  return actorFor(user.id);
}

async function refusal(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("API tokens", () => {
  it("stores only a hash of the secret, lists the token with its creator, and audits the creation", async () => {
    const admin = await adminActor();
    const name = unique("ci-sync");
    const created = await createApiToken(admin, ["users:read", "members:write"], { name });
    expect(created.secret).toMatch(/^gth_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretHash).toBe(hashToken(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);
    const days = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    const listed = (await listTokens(admin)).find((t) => t.id === created.id);
    expect(listed).toMatchObject({ name, createdByName: admin.username, status: "active", lastUsedAt: null });
    expect(listed?.hint).toBe(created.secret.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const events = await db.auditEvent.findMany({ where: { targetId: created.id } });
    expect(events.map((e) => e.action)).toEqual(["token.created"]);
    expect(JSON.stringify(events.map(({ id: _id, ...e }) => e))).not.toContain(created.secret);
  });

  it("refuses permissions the creator does not hold, token management, and bad input", async () => {
    const admin = await adminActor();
    expect((await refusal(createApiToken(admin, ["tokens:write"]))).fieldErrors).toHaveProperty("permissions.0");
    expect((await refusal(createApiToken(admin, []))).message).toBe("Pick at least one permission.");
    expect((await refusal(createApiToken(admin, ["users:read"], { expiresInDays: 400 }))).code).toBe("INVALID");
    expect((await refusal(createApiToken(admin, ["users:read"], { name: " " }))).fieldErrors).toHaveProperty("name");
    // An auditor may see tokens but not create them; a plain user not even see them.
    const auditor = await auditorActor();
    await expect(listTokens(auditor)).resolves.toBeInstanceOf(Array);
    expect((await refusal(createApiToken(auditor, ["users:read"]))).code).toBe("FORBIDDEN");
    expect((await refusal(listTokens(await plainActor()))).code).toBe("FORBIDDEN");
    expect(TOKEN_PERMISSIONS.length).toBe(PERMISSIONS.length - 2);
  });

  it("authenticates a bearer token as an actor with the token's permissions, named for the audit log", async () => {
    const admin = await adminActor();
    const name = unique("ci-sync");
    const { secret, id } = await createApiToken(admin, ["users:read", "members:write"], { name });
    const result = await authenticateBearer(bearer(secret));
    if (!result.ok) throw new Error(result.message);
    expect([...result.actor.permissions].sort()).toEqual(["members:write", "users:read"]);
    expect(result.actor.username).toBe(`token ${name} (created by ${admin.username})`);
    expect(result.actor.token).toEqual({ id, name, createdBy: admin.username });
    expect(result.actor.id).toBe(admin.id);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    // A change made with the token is audited with the token as the actor.
    const user = await createUser();
    const group = await createGroup();
    await addMembers(result.actor, group.id, [user.id]);
    const [event] = await db.auditEvent.findMany({ where: { targetId: group.id, action: "group.member_added" } });
    expect(event?.actorName).toBe(`token ${name} (created by ${admin.username})`);
    expect(event?.summary).toContain(`token ${name} (created by ${admin.username}) added ${user.username}`);

    // Without groups:write the token cannot rename the group, whatever its creator may do.
    const { updateGroup } = await import("./groups");
    expect((await refusal(updateGroup(result.actor, group.id, { name: "x", description: "" }))).code).toBe("FORBIDDEN");
  });

  it("says why a token is refused: missing, invalid, expired, revoked (and the same for every unknown value)", async () => {
    const admin = await adminActor();
    const reasonOf = async (headers: Record<string, string>) => {
      const result = await authenticateBearer({ headers: new Headers(headers) });
      return result.ok ? "ok" : `${result.status} ${result.reason}`;
    };
    expect(await reasonOf({})).toBe("401 missing");
    expect(await reasonOf({ authorization: "Basic YWRtaW46eA==" })).toBe("401 invalid");
    expect(await reasonOf({ authorization: "Bearer not-a-token" })).toBe("401 invalid");
    expect(await reasonOf({ authorization: `Bearer gth_${"A".repeat(43)}` })).toBe("401 invalid");

    const expired = await createApiToken(admin, ["users:read"]);
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await reasonOf({ authorization: `Bearer ${expired.secret}` })).toBe("401 expired");

    const revoked = await createApiToken(admin, ["users:read"]);
    expect(await reasonOf({ authorization: `Bearer ${revoked.secret}` })).toBe("ok");
    await revokeToken(admin, revoked.id);
    expect(await reasonOf({ authorization: `Bearer ${revoked.secret}` })).toBe("401 revoked");
    const events = await db.auditEvent.findMany({ where: { targetId: revoked.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["token.created", "token.revoked"]);
    // Revoking again changes nothing.
    await revokeToken(admin, revoked.id);
    expect(await db.auditEvent.count({ where: { targetId: revoked.id } })).toBe(2);
    const failure = await authenticateBearer(bearer(revoked.secret));
    expect(failure.ok ? "" : failure.wwwAuthenticate).toContain('error="invalid_token"');
  });

  it("follows the creator: fewer permissions when they lose some, none when they are disabled", async () => {
    const creator = await adminActor();
    const { secret } = await createApiToken(creator, ["users:read", "groups:write"]);
    const adminGrant = await db.directGrant.findFirstOrThrow({ where: { userId: creator.id } });
    // The creator now holds only a non-portal role: the token keeps nothing.
    await db.directGrant.delete({
      where: {
        userId_roleId_stageId: { userId: creator.id, roleId: adminGrant.roleId, stageId: adminGrant.stageId },
      },
    });
    await db.directGrant.create({ data: { userId: creator.id, roleId: (await createRole()).id } });
    const weakened = await authenticateBearer(bearer(secret));
    expect(weakened.ok && [...weakened.actor.permissions]).toEqual([]);
    await db.directGrant.create({ data: { userId: creator.id, roleId: adminGrant.roleId } });
    await db.user.update({ where: { id: creator.id }, data: { status: "DISABLED" } });
    const disabled = await authenticateBearer(bearer(secret));
    expect(disabled.ok ? "ok" : disabled.reason).toBe("revoked");
  });

  it("rate-limits each token on its own: 429 with the seconds to wait", async () => {
    const admin = await adminActor();
    const busy = await createApiToken(admin, ["users:read"]);
    const calm = await createApiToken(admin, ["users:read"]);
    // Use up the budget in the limiter's own table, as 600 requests would.
    await db.$executeRaw`
      INSERT INTO "RateLimit" ("key", "points", "expire")
      VALUES (${`api:token:${hashToken(busy.secret)}`}, 100000, ${BigInt(Date.now() + 30_000)})
      ON CONFLICT ("key") DO UPDATE SET "points" = EXCLUDED."points", "expire" = EXCLUDED."expire"`;
    const limited = await authenticateBearer(bearer(busy.secret));
    expect(limited.ok ? 0 : limited.status).toBe(429);
    expect(limited.ok ? 0 : limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.ok ? 0 : limited.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect((await authenticateBearer(bearer(calm.secret))).ok).toBe(true);
  });

  it("revoking needs tokens:write and an existing token", async () => {
    const admin = await adminActor();
    const { id } = await createApiToken(admin, ["users:read"]);
    expect((await refusal(revokeToken(await auditorActor(), id))).code).toBe("FORBIDDEN");
    expect((await refusal(revokeToken(admin, "00000000-0000-4000-8000-000000000000"))).code).toBe("NOT_FOUND");
  });
});

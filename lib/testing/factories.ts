/**
 * Test data for integration tests of the DAL: unique names per call, so tests
 * never collide, and actors loaded the same way a request loads them.
 */
import { randomUUID } from "node:crypto";
import { ADMIN_ROLE_KEY, PORTAL_APP_KEY } from "@/lib/access/permissions";
import { loadActor, type Actor } from "@/lib/dal/actor";
import { db } from "@/lib/dal/db";

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createUser(overrides: { username?: string; status?: "ACTIVE" | "DISABLED" } = {}) {
  const username = overrides.username ?? unique("user");
  return db.user.create({
    data: { username, email: `${username}@example.test`, displayName: username, status: overrides.status },
    select: { id: true, username: true },
  });
}

export async function portalApplication() {
  return db.application.upsert({
    where: { key: PORTAL_APP_KEY },
    update: {},
    create: { key: PORTAL_APP_KEY, name: "Gatehouse", builtIn: true },
  });
}

export async function adminRole() {
  const app = await portalApplication();
  return db.role.upsert({
    where: { applicationId_key: { applicationId: app.id, key: ADMIN_ROLE_KEY } },
    update: {},
    create: { applicationId: app.id, key: ADMIN_ROLE_KEY, name: "Administrator" },
  });
}

export async function createApplication(key = unique("app")) {
  return db.application.create({ data: { key, name: key }, select: { id: true, key: true, name: true } });
}

export async function createRole(applicationId?: string, key = unique("role")) {
  const appId = applicationId ?? (await createApplication()).id;
  return db.role.create({
    data: { applicationId: appId, key, name: key },
    select: { id: true, key: true, name: true, applicationId: true },
  });
}

export async function createGroup(
  options: { roleIds?: string[]; memberIds?: string[]; name?: string; stageId?: string } = {},
) {
  const name = options.name ?? unique("group");
  const group = await db.group.create({
    data: { name, nameKey: name.toLowerCase(), stageId: options.stageId },
    select: { id: true, name: true },
  });
  await db.groupRole.createMany({ data: (options.roleIds ?? []).map((roleId) => ({ groupId: group.id, roleId })) });
  await db.membership.createMany({ data: (options.memberIds ?? []).map((userId) => ({ groupId: group.id, userId })) });
  return group;
}

export async function grantDirect(userId: string, roleId: string, stageId?: string) {
  await db.directGrant.create({ data: { userId, roleId, stageId } });
}

/** A new, non-default stage at the end of the list. */
export async function createStage(key = unique("stage")) {
  const [last] = await db.stage.findMany({ orderBy: { position: "desc" }, take: 1, select: { position: true } });
  return db.stage.create({
    data: { key, name: key, position: (last?.position ?? 0) + 1 },
    select: { id: true, key: true, name: true, isDefault: true },
  });
}

export async function productionStage() {
  return db.stage.findFirstOrThrow({
    where: { isDefault: true },
    select: { id: true, key: true, name: true, isDefault: true },
  });
}

/** A fresh administrator (direct grant of gatehouse:admin) and their actor. */
export async function adminActor(): Promise<Actor> {
  const user = await createUser({ username: unique("admin") });
  await grantDirect(user.id, (await adminRole()).id);
  return actorFor(user.id);
}

/** The actor of an existing user, loaded exactly as a request would. */
export async function actorFor(userId: string): Promise<Actor> {
  const { sessionVersion } = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  const actor = await loadActor(userId, sessionVersion);
  if (!actor) throw new Error(`user ${userId} cannot act (disabled?)`);
  return actor;
}

/** An ordinary signed-in user with no portal permissions. */
export async function plainActor(): Promise<Actor> {
  return actorFor((await createUser()).id);
}

/** Empties every table (tests run in their own database, files one after another). */
export async function resetDatabase() {
  await db.$executeRawUnsafe(
    'TRUNCATE "AuditEvent", "DirectGrant", "Membership", "GroupRole", "IdpGroupMapping", "ExternalIdentity", "IdentityProvider", "Group", "Role", "Application", "User", "OidcClient", "OidcPayload" CASCADE',
  );
  await db.stage.deleteMany({ where: { isDefault: false } });
  await db.stage.updateMany({ where: { isDefault: true }, data: { position: 0 } });
}

/** An API token of this creator (through the DAL, as the "API tokens" screen makes one) and its secret. */
export async function createApiToken(
  creator: Actor,
  permissions: readonly string[],
  options: { name?: string; expiresInDays?: number } = {},
) {
  const { createToken } = await import("@/lib/dal/api-tokens");
  return createToken(creator, {
    name: options.name ?? unique("token"),
    permissions,
    expiresInDays: options.expiresInDays ?? 90,
  });
}

/** A request carrying `Authorization: Bearer <secret>`, for lib/dal/token-auth.ts. */
export const bearer = (secret: string) => ({ headers: new Headers({ authorization: `Bearer ${secret}` }) });

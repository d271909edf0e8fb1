import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { db } from "./db";
import { hashClientSecret } from "./oidc-adapter";
import {
  applicationOfClient,
  createClient,
  deleteClient,
  listClients,
  regenerateClientSecret,
  updateClient,
} from "./oidc-clients";
import { createStage, deleteStage } from "./stages";
import { listSigningKeys, loadSigningKeys, rotateSigningKey } from "./oidc-keys";
import { previewTokenClaims, tokenClaims } from "./token-claims";
import {
  adminActor,
  createApplication,
  createGroup,
  createRole,
  createUser,
  grantDirect,
  plainActor,
  resetDatabase,
  unique,
} from "@/lib/testing/factories";

process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

let admin: Actor;
let nobody: Actor;
const input = { name: "Portal", type: "CONFIDENTIAL", redirectUris: "https://portal.example.test/callback" };

beforeAll(async () => {
  await resetDatabase();
  admin = await adminActor();
  nobody = await plainActor();
});

describe("sign-in clients", () => {
  it("registers a client with a secret shown once and stored only as a hash, audited", async () => {
    const app = await createApplication();
    const created = await createClient(admin, app.id, input);
    expect(created.clientSecret).toMatch(/^[\w-]{43}$/);
    const row = await db.oidcClient.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretHash).toBe(hashClientSecret(created.clientSecret!));
    expect(JSON.stringify(row)).not.toContain(created.clientSecret);
    const events = await db.auditEvent.findMany({ where: { relatedId: created.id }, select: { action: true } });
    expect(events.map((e) => e.action)).toEqual(["client.created"]);
    expect(
      JSON.stringify(await db.auditEvent.findMany({ select: { summary: true, before: true, after: true } })),
    ).not.toContain(created.clientSecret);

    const { clientSecret } = await regenerateClientSecret(admin, created.id);
    expect(clientSecret).not.toBe(created.clientSecret);
    await updateClient(admin, created.id, { ...input, name: "Portal 2", assignmentRequired: true });
    expect((await listClients(admin, app.id))[0]).toMatchObject({ name: "Portal 2", assignmentRequired: true });
    await deleteClient(admin, created.id);
    const actions = await db.auditEvent.findMany({ where: { relatedId: created.id }, orderBy: { id: "asc" } });
    expect(actions.map((e) => e.action)).toEqual([
      "client.created",
      "client.secret_regenerated",
      "client.updated",
      "client.deleted",
    ]);
  });

  it("refuses a user without roles:write, and bad redirect URIs with a field error", async () => {
    const app = await createApplication();
    await expect(createClient(nobody, app.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listClients(nobody, app.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (const uri of [
      "http://app.example.test/cb",
      "https://app.example.test/cb#x",
      "https://*.example.test/cb",
      "nope",
    ]) {
      await expect(createClient(admin, app.id, { ...input, redirectUris: uri })).rejects.toMatchObject({
        code: "INVALID",
        fieldErrors: { redirectUris: expect.any(String) },
      });
    }
    // A native app may use its own scheme; a web app may not.
    await expect(
      createClient(admin, app.id, { ...input, type: "PUBLIC", redirectUris: "com.example.app:/callback" }),
    ).resolves.toMatchObject({ clientSecret: null });
    await expect(
      createClient(admin, app.id, { ...input, redirectUris: "com.example.app:/callback" }),
    ).rejects.toMatchObject({ code: "INVALID" });
  });
});

describe("token claims", () => {
  it("are this application's roles (direct or inherited) and the user's groups, by scope", async () => {
    const app = await createApplication();
    const other = await createApplication();
    const [viewer, editor, elsewhere] = [
      await createRole(app.id, "viewer"),
      await createRole(app.id, "editor"),
      await createRole(other.id, "admin"),
    ];
    const user = await createUser();
    await grantDirect(user.id, editor.id);
    const group = await createGroup({ roleIds: [viewer.id, elsewhere.id], memberIds: [user.id] });
    const full = await tokenClaims(user.id, app.id, ["openid", "profile", "groups", "roles"]);
    expect(full?.claims).toEqual({
      sub: user.id,
      name: user.username,
      preferred_username: user.username,
      roles: ["editor", "viewer"],
      groups: [group.name],
    });
    expect((await tokenClaims(user.id, app.id, ["openid"]))?.claims).toEqual({ sub: user.id });
    expect((await tokenClaims(user.id, other.id, ["roles"]))?.assigned).toBe(true);
    expect(await previewTokenClaims(admin, app.id, user.id)).toMatchObject({ active: true, assigned: true });
    await expect(previewTokenClaims(nobody, app.id, user.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("signing keys", () => {
  it("are created once on first use, encrypted, and rotated by an administrator only", async () => {
    const first = await loadSigningKeys();
    expect((await loadSigningKeys()).fingerprint).toBe(first.fingerprint);
    const stored = await db.oidcSigningKey.findMany();
    expect(stored.every((row) => row.jwk.startsWith("v1.") && !row.jwk.includes('"d"'))).toBe(true);
    await expect(rotateSigningKey(nobody)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await rotateSigningKey(admin);
    const keys = await listSigningKeys(admin);
    expect(keys.filter((key) => key.retiredAt === null)).toHaveLength(1);
    expect(keys.filter((key) => key.retiredAt !== null).length).toBeGreaterThanOrEqual(1);
    expect((await loadSigningKeys()).keys[0]!.kid).toBe(keys[0]!.kid);
    expect(await db.auditEvent.count({ where: { action: "oidc.key_rotated" } })).toBe(1);
  });

  it("of a client in a stage are that stage's groups and roles only; the stage is kept while a client uses it", async () => {
    const app = await createApplication();
    const tester = await createRole(app.id, "tester");
    const editor = await createRole(app.id, "editor");
    const qa = await createStage(admin, { key: unique("qa").toLowerCase(), name: unique("QA"), description: "" });
    const user = await createUser();
    const qaGroup = await createGroup({ roleIds: [tester.id], memberIds: [user.id], stageId: qa.id });
    const prodGroup = await createGroup({ roleIds: [editor.id], memberIds: [user.id] });
    const inQa = await createClient(admin, app.id, { ...input, name: "Portal QA", stageId: qa.id });
    const inDefault = await createClient(admin, app.id, { ...input, name: "Portal" });
    expect(await applicationOfClient(inQa.clientId)).toEqual({ applicationId: app.id, stageId: qa.id });
    const scopes = ["openid", "groups", "roles"];
    const target = await applicationOfClient(inDefault.clientId);
    expect((await tokenClaims(user.id, app.id, scopes, qa.id))?.claims).toEqual({
      sub: user.id,
      roles: ["tester"],
      groups: [qaGroup.name],
    });
    expect((await tokenClaims(user.id, app.id, scopes, target!.stageId))?.claims).toEqual({
      sub: user.id,
      roles: ["editor"],
      groups: [prodGroup.name],
    });
    expect((await listClients(admin, app.id)).map((c) => [c.name, c.stage.id])).toEqual([
      ["Portal", target!.stageId],
      ["Portal QA", qa.id],
    ]);
    await expect(updateClient(admin, inQa.id, { ...input, name: "Portal QA", stageId: "nope" })).rejects.toMatchObject({
      code: "INVALID",
    });
    await db.group.delete({ where: { id: qaGroup.id } });
    await expect(deleteStage(admin, qa.id)).rejects.toMatchObject({
      message: expect.stringContaining("is used by 1 sign-in client"),
    });
    await updateClient(admin, inQa.id, { ...input, name: "Portal QA", stageId: target!.stageId });
    await expect(deleteStage(admin, qa.id)).resolves.toMatchObject({ name: expect.any(String) });
  });
});

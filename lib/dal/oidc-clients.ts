import "server-only";
import { randomBytes } from "node:crypto";
import { clientSchema } from "@/lib/schemas/oidc-clients";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { conflict, notFound } from "./errors";
import { hashClientSecret } from "./oidc-adapter";
import { parse } from "./parse";
import { resolveStage } from "./stages";
import { accessWrite } from "./write";

/*
 * Sign-in clients of an application: managed with the application (roles:write), read with it
 * (roles:read). Secrets are generated here, returned once, and stored only as a hash.
 */

export interface ClientDto {
  id: string;
  clientId: string;
  name: string;
  type: "CONFIDENTIAL" | "PUBLIC";
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string;
  assignmentRequired: boolean;
  thirdParty: boolean;
  tokenTtlMinutes: number;
  /** Its tokens carry the user's groups and roles in this stage. */
  stage: { id: string; key: string; name: string };
  createdAt: Date;
}

const SELECT = {
  id: true,
  clientId: true,
  name: true,
  type: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  backchannelLogoutUri: true,
  assignmentRequired: true,
  thirdParty: true,
  tokenTtl: true,
  createdAt: true,
  applicationId: true,
  stage: { select: { id: true, key: true, name: true } },
} as const;

type ClientRow = { tokenTtl: number; backchannelLogoutUri: string | null; applicationId: string } & Omit<
  ClientDto,
  "tokenTtlMinutes" | "backchannelLogoutUri"
>;

function toDto({ tokenTtl, backchannelLogoutUri, applicationId: _, ...row }: ClientRow): ClientDto {
  return { ...row, backchannelLogoutUri: backchannelLogoutUri ?? "", tokenTtlMinutes: Math.round(tokenTtl / 60) };
}

const newSecret = () => randomBytes(32).toString("base64url");

function columns(data: ReturnType<typeof clientSchema.parse>) {
  return {
    name: data.name,
    type: data.type,
    redirectUris: data.redirectUris,
    postLogoutRedirectUris: data.postLogoutRedirectUris,
    backchannelLogoutUri: data.backchannelLogoutUri || null,
    assignmentRequired: data.assignmentRequired,
    thirdParty: data.thirdParty,
    tokenTtl: data.tokenTtlMinutes * 60,
  };
}

export async function listClients(actor: Actor, applicationId: string): Promise<ClientDto[]> {
  authorize(actor, "roles:read");
  if (!isUuid(applicationId)) throw notFound("The application");
  const rows = await db.oidcClient.findMany({
    where: { applicationId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: SELECT,
  });
  return rows.map(toDto);
}

async function applicationFor(tx: Tx, applicationId: string) {
  if (!isUuid(applicationId)) throw notFound("The application");
  const app = await tx.application.findUnique({
    where: { id: applicationId },
    select: { id: true, key: true, name: true },
  });
  if (!app) throw notFound("The application");
  return app;
}

async function lockClient(tx: Tx, id: string) {
  if (!isUuid(id)) throw notFound("The sign-in client");
  const [locked] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "OidcClient" WHERE "id" = ${id}::uuid FOR UPDATE`;
  if (!locked) throw notFound("The sign-in client");
  const row = await tx.oidcClient.findUniqueOrThrow({
    where: { id },
    select: { ...SELECT, application: { select: { name: true } } },
  });
  return row;
}

/** Registers a client; a confidential one gets a secret, returned here and never again. */
export async function createClient(
  actor: Actor,
  applicationId: string,
  input: unknown,
): Promise<{ id: string; clientId: string; clientSecret: string | null }> {
  authorize(actor, "roles:write");
  const data = parse(clientSchema, input);
  return accessWrite(actor, "roles:write", async (tx) => {
    const app = await applicationFor(tx, applicationId);
    const clientId = `${app.key}-${randomBytes(6).toString("hex")}`;
    const clientSecret = data.type === "CONFIDENTIAL" ? newSecret() : null;
    const stage = await resolveStage(data.stageId, tx);
    const row = await tx.oidcClient.create({
      data: {
        applicationId,
        stageId: stage.id,
        clientId,
        secretHash: clientSecret ? hashClientSecret(clientSecret) : null,
        ...columns(data),
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "client.created",
      targetType: "application",
      targetId: app.id,
      targetName: app.name,
      relatedId: row.id,
      relatedName: data.name,
      stageId: stage.id,
      stageName: stage.name,
      summary: `${actor.username} registered sign-in client ${data.name} (${clientId}) for ${app.name} in ${stage.name}`,
      after: { clientId, ...columns(data), stage: stage.key },
    });
    return { id: row.id, clientId, clientSecret };
  });
}

export async function updateClient(actor: Actor, id: string, input: unknown): Promise<void> {
  authorize(actor, "roles:write");
  const data = parse(clientSchema, input);
  await accessWrite(actor, "roles:write", async (tx) => {
    const before = await lockClient(tx, id);
    if (before.type !== data.type) {
      throw conflict("The kind of a client cannot change: register a new client instead.", "type");
    }
    const stage = data.stageId ? await resolveStage(data.stageId, tx) : before.stage;
    await tx.oidcClient.update({ where: { id }, data: { ...columns(data), stageId: stage.id } });
    const { application, createdAt: _c, id: _i, applicationId: _a, stage: wasStage, ...was } = before;
    await recordAudit(tx, actor, {
      action: "client.updated",
      targetType: "application",
      targetId: before.applicationId,
      targetName: application.name,
      relatedId: id,
      relatedName: data.name,
      stageId: stage.id,
      stageName: stage.name,
      summary: `${actor.username} updated sign-in client ${data.name} (${before.clientId})`,
      before: { ...was, stage: wasStage.key },
      after: { ...columns(data), stage: stage.key },
    });
  });
}

/** A new secret replaces the old one at once; the old one stops working. */
export async function regenerateClientSecret(actor: Actor, id: string): Promise<{ clientSecret: string }> {
  authorize(actor, "roles:write");
  return accessWrite(actor, "roles:write", async (tx) => {
    const client = await lockClient(tx, id);
    if (client.type !== "CONFIDENTIAL") throw conflict("A public client has no secret.");
    const clientSecret = newSecret();
    await tx.oidcClient.update({ where: { id }, data: { secretHash: hashClientSecret(clientSecret) } });
    await recordAudit(tx, actor, {
      action: "client.secret_regenerated",
      targetType: "application",
      targetId: client.applicationId,
      targetName: client.application.name,
      relatedId: id,
      relatedName: client.name,
      summary: `${actor.username} regenerated the secret of sign-in client ${client.name} (${client.clientId})`,
    });
    return { clientSecret };
  });
}

/** Deletes the client and everything issued to it (grants, codes, refresh tokens). */
export async function deleteClient(actor: Actor, id: string): Promise<{ name: string }> {
  authorize(actor, "roles:write");
  return accessWrite(actor, "roles:write", async (tx) => {
    const client = await lockClient(tx, id);
    await tx.oidcClient.delete({ where: { id } });
    await tx.$executeRaw`DELETE FROM "OidcPayload" WHERE "payload"->>'clientId' = ${client.clientId}`;
    await recordAudit(tx, actor, {
      action: "client.deleted",
      targetType: "application",
      targetId: client.applicationId,
      targetName: client.application.name,
      relatedId: id,
      relatedName: client.name,
      summary: `${actor.username} deleted sign-in client ${client.name} (${client.clientId})`,
      before: { clientId: client.clientId, name: client.name, redirectUris: client.redirectUris },
    });
    return { name: client.name };
  });
}

/** The application and stage a client id belongs to (system read for token checks), or null. */
export async function applicationOfClient(
  clientId: string,
): Promise<{ applicationId: string; stageId: string } | null> {
  return db.oidcClient.findUnique({ where: { clientId }, select: { applicationId: true, stageId: true } });
}

/**
 * What the sign-in pages may tell anyone about a client (its name and its application's name):
 * the consent screen and the "assignment required" refusal name them. Null for an unknown id.
 */
export async function clientForDisplay(clientId: string): Promise<{ name: string; applicationName: string } | null> {
  const row = await db.oidcClient.findUnique({
    where: { clientId },
    select: { name: true, application: { select: { name: true } } },
  });
  return row ? { name: row.name, applicationName: row.application.name } : null;
}

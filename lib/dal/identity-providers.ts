import "server-only";
import { addMappingSchema, createProviderSchema, updateProviderSchema } from "@/lib/schemas/identity-providers";
import { authorize, isUuid, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { conflict, invalid, notFound } from "./errors";
import { parse } from "./parse";
import { encryptSecret } from "./secrets";
import { accessWrite, anyHoldsAdmin, lockAdminRemoval } from "./write";

export interface ProviderDto {
  id: string;
  key: string;
  name: string;
  issuer: string;
  clientId: string;
  scopes: string;
  groupsClaim: string;
  enabled: boolean;
  linkByVerifiedEmail: boolean;
  mappingCount: number;
  userCount: number;
}
export interface MappingDto {
  id: string;
  value: string;
  groupId: string;
  groupName: string;
  /** The target group's stage: the mapping grants the group's roles there only. */
  stageName: string;
}

const SELECT = {
  id: true,
  key: true,
  name: true,
  issuer: true,
  clientId: true,
  scopes: true,
  groupsClaim: true,
  enabled: true,
  linkByVerifiedEmail: true,
  _count: { select: { mappings: true, identities: true } },
} as const;
type Row = { _count: { mappings: number; identities: number } } & Omit<ProviderDto, "mappingCount" | "userCount">;
const toDto = ({ _count, ...p }: Row): ProviderDto => ({
  ...p,
  mappingCount: _count.mappings,
  userCount: _count.identities,
});

const RESERVED_KEYS = new Set(["credentials", "signin", "signout", "callback", "session", "csrf", "providers"]);
const keyTaken = (key: string) => ({ message: `A provider with the key ${key} already exists.`, field: "key" });

export async function listProviders(actor: Actor): Promise<ProviderDto[]> {
  authorize(actor, "providers:read");
  const rows = await db.identityProvider.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], select: SELECT });
  return rows.map(toDto);
}

export async function getProvider(actor: Actor, providerId: string): Promise<ProviderDto> {
  authorize(actor, "providers:read");
  if (!isUuid(providerId)) throw notFound("The identity provider");
  const row = await db.identityProvider.findUnique({ where: { id: providerId }, select: SELECT });
  if (!row) throw notFound("The identity provider");
  return toDto(row);
}

export async function createProvider(actor: Actor, input: unknown): Promise<{ id: string }> {
  authorize(actor, "providers:write");
  const { clientSecret, ...data } = parse(createProviderSchema, input);
  if (RESERVED_KEYS.has(data.key)) throw invalid(`${data.key} is reserved.`, { key: "Choose another key." });
  return accessWrite(
    actor,
    "providers:write",
    async (tx) => {
      const provider = await tx.identityProvider.create({
        data: { ...data, clientSecret: encryptSecret(clientSecret) },
        select: { id: true },
      });
      await recordAudit(tx, actor, {
        action: "provider.created",
        targetType: "provider",
        targetId: provider.id,
        targetName: data.name,
        summary: `${actor.username} added identity provider ${data.name} (${data.issuer})`,
        after: data,
      });
      return provider;
    },
    { uniqueConflict: keyTaken(data.key) },
  );
}

export async function updateProvider(actor: Actor, providerId: string, input: unknown): Promise<void> {
  authorize(actor, "providers:write");
  const { clientSecret, ...data } = parse(updateProviderSchema, input);
  await accessWrite(actor, "providers:write", async (tx) => {
    const before = await readProvider(tx, providerId);
    await tx.identityProvider.update({
      where: { id: providerId },
      data: { ...data, ...(clientSecret ? { clientSecret: encryptSecret(clientSecret) } : {}) },
    });
    await recordAudit(tx, actor, {
      action: "provider.updated",
      targetType: "provider",
      targetId: providerId,
      targetName: data.name,
      summary: `${actor.username} updated identity provider ${data.name}${clientSecret ? " (new client secret)" : ""}`,
      before: {
        name: before.name,
        issuer: before.issuer,
        clientId: before.clientId,
        enabled: before.enabled,
        linkByVerifiedEmail: before.linkByVerifiedEmail,
      },
      after: data,
    });
  });
}

/** Deleting a provider ends the memberships it alone asserted; hand-added ones stay. */
export async function deleteProvider(actor: Actor, providerId: string): Promise<{ name: string }> {
  authorize(actor, "providers:write");
  if (!isUuid(providerId)) throw notFound("The identity provider");
  // The groups whose provider-only memberships end are locked like any membership removal. A
  // sign-in may add one meanwhile: read again under the locks, and start over if one is new.
  for (let attempt = 1; ; attempt++) {
    const groups = await providerGroups(db, providerId);
    const result = await accessWrite(
      actor,
      "providers:write",
      async (tx) => {
        const provider = await readProvider(tx, providerId);
        const now = await providerGroups(tx, providerId);
        const covered = now.every((groupId) => groups.includes(groupId));
        if (attempt < 4 && !covered) return null;
        // Leaving a group that grants the Administrator role may remove an administrator (rule 8);
        // after 3 attempts some groups are not locked, and their roles could change meanwhile.
        if (!covered || (await anyHoldsAdmin(tx, now))) await lockAdminRemoval(tx);
        const removed = await tx.membership.findMany({
          where: { providerId, manual: false, scim: false },
          select: { userId: true, user: { select: { username: true } }, group: { select: { id: true, name: true } } },
        });
        // Memberships also added by hand or through SCIM stay, without this provider as a source (the foreign key sets it null).
        const detached = await tx.membership.findMany({
          where: { providerId, OR: [{ manual: true }, { scim: true }] },
          select: { userId: true, user: { select: { username: true } }, group: { select: { id: true, name: true } } },
        });
        await tx.membership.deleteMany({ where: { providerId, manual: false, scim: false } });
        await tx.identityProvider.delete({ where: { id: providerId } });
        await recordAudit(
          tx,
          actor,
          removed.map((m) => ({
            action: "group.member_removed" as const,
            targetType: "group" as const,
            targetId: m.group.id,
            targetName: m.group.name,
            relatedId: m.userId,
            relatedName: m.user.username,
            summary: `${actor.username} deleted identity provider ${provider.name}, which removed ${m.user.username} from group ${m.group.name}`,
          })),
        );
        await recordAudit(
          tx,
          actor,
          detached.map((m) => ({
            action: "group.member_provider_detached" as const,
            targetType: "group" as const,
            targetId: m.group.id,
            targetName: m.group.name,
            relatedId: m.userId,
            relatedName: m.user.username,
            summary: `${actor.username} deleted identity provider ${provider.name}, which no longer asserts ${m.user.username}'s membership of group ${m.group.name}; it stays, added by hand`,
          })),
        );
        await recordAudit(tx, actor, {
          action: "provider.deleted",
          targetType: "provider",
          targetId: providerId,
          targetName: provider.name,
          summary: `${actor.username} deleted identity provider ${provider.name} (${removed.length} mapped memberships ended)`,
          before: { key: provider.key, name: provider.name, issuer: provider.issuer },
        });
        return { name: provider.name };
      },
      { locks: { groups } },
    );
    if (result) return result;
  }
}

async function providerGroups(client: Tx, providerId: string): Promise<string[]> {
  const rows = await client.membership.findMany({
    where: { providerId, manual: false, scim: false },
    distinct: ["groupId"],
    select: { groupId: true },
  });
  return rows.map((row) => row.groupId);
}

export async function listMappings(actor: Actor, providerId: string): Promise<MappingDto[]> {
  authorize(actor, "providers:read");
  if (!isUuid(providerId)) throw notFound("The identity provider");
  const rows = await db.idpGroupMapping.findMany({
    where: { providerId },
    orderBy: [{ value: "asc" }, { group: { nameKey: "asc" } }],
    select: {
      id: true,
      value: true,
      groupId: true,
      group: { select: { name: true, stage: { select: { name: true } } } },
    },
  });
  return rows.map(({ group, ...m }) => ({ ...m, groupName: group.name, stageName: group.stage.name }));
}

/** For the group's page: "mapped from IdP X: value Y". */
export async function mappingsOfGroup(actor: Actor, groupId: string) {
  authorize(actor, "providers:read");
  if (!isUuid(groupId)) return [];
  // Raw SQL: the group's page reads this on every view (bench/http.ts).
  return db.$queryRaw<{ id: string; value: string; providerId: string; providerName: string }[]>`
    SELECT m."id", m."value", p."id" AS "providerId", p."name" AS "providerName"
    FROM "IdpGroupMapping" m JOIN "IdentityProvider" p ON p."id" = m."providerId"
    WHERE m."groupId" = ${groupId}::uuid ORDER BY p."name", m."value"`;
}

/** Maps an IdP group value to one or more groups; takes effect at each user's next sign-in. */
export async function addMapping(actor: Actor, providerId: string, input: unknown): Promise<{ added: number }> {
  authorize(actor, "providers:write");
  const data = parse(addMappingSchema, input);
  return accessWrite(actor, "providers:write", async (tx) => {
    const provider = await readProvider(tx, providerId);
    const groups = await tx.group.findMany({ where: { id: { in: data.groupIds } }, select: { id: true, name: true } });
    if (groups.length !== data.groupIds.length)
      throw invalid("One of the groups no longer exists.", { groupIds: "Pick the groups again." });
    const created = await tx.idpGroupMapping.createManyAndReturn({
      data: groups.map((g) => ({ providerId, value: data.value, groupId: g.id })),
      skipDuplicates: true,
      select: { groupId: true },
    });
    const names = new Map(groups.map((g) => [g.id, g.name]));
    await recordAudit(
      tx,
      actor,
      created.map((m) => ({
        action: "provider.mapping_added" as const,
        targetType: "group" as const,
        targetId: m.groupId,
        targetName: names.get(m.groupId)!,
        relatedId: providerId,
        relatedName: provider.name,
        summary: `${actor.username} mapped ${provider.name} group "${data.value}" to group ${names.get(m.groupId)}`,
      })),
    );
    if (created.length === 0)
      throw conflict(
        `"${data.value}" is already mapped to ${groups.length === 1 ? "that group" : "those groups"}.`,
        "value",
      );
    return { added: created.length };
  });
}

/** Existing memberships stay until the user's next sign-in through the provider. */
export async function removeMapping(actor: Actor, mappingId: string): Promise<void> {
  authorize(actor, "providers:write");
  if (!isUuid(mappingId)) throw notFound("The mapping");
  await accessWrite(actor, "providers:write", async (tx) => {
    const mapping = await tx.idpGroupMapping.findUnique({
      where: { id: mappingId },
      select: {
        value: true,
        groupId: true,
        group: { select: { name: true } },
        provider: { select: { id: true, name: true } },
      },
    });
    if (!mapping) throw notFound("The mapping");
    await tx.idpGroupMapping.delete({ where: { id: mappingId } });
    await recordAudit(tx, actor, {
      action: "provider.mapping_removed",
      targetType: "group",
      targetId: mapping.groupId,
      targetName: mapping.group.name,
      relatedId: mapping.provider.id,
      relatedName: mapping.provider.name,
      summary: `${actor.username} removed the mapping of ${mapping.provider.name} group "${mapping.value}" to group ${mapping.group.name}`,
    });
  });
}

async function readProvider(tx: Tx, providerId: string) {
  if (!isUuid(providerId)) throw notFound("The identity provider");
  const provider = await tx.identityProvider.findUnique({ where: { id: providerId } });
  if (!provider) throw notFound("The identity provider");
  return provider;
}

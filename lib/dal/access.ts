import "server-only";
import { effectiveRoles } from "@/lib/access/effective-roles";
import type { GroupRef } from "@/lib/access/types";
import { authenticate, authorize, isUuid, type Actor } from "./actor";
import { db } from "./db";
import { notFound } from "./errors";

export interface EffectiveRoleDto {
  roleId: string;
  key: string;
  name: string;
  applicationKey: string;
  applicationName: string;
  /** `application:role` */
  claim: string;
  direct: boolean;
  inheritedFrom: GroupRef[];
}
export interface UserAccessDto {
  groups: (GroupRef & {
    description: string;
    joinedAt: Date;
    manual: boolean;
    viaProvider: string | null;
    viaProviderId: string | null;
  })[];
  roles: EffectiveRoleDto[];
}

/** A user's groups and effective roles with their sources (direct and/or each group). */
export async function loadUserAccess(userId: string): Promise<UserAccessDto> {
  const [direct, memberships] = await Promise.all([
    db.directGrant.findMany({ where: { userId }, select: { roleId: true } }),
    db.membership.findMany({
      where: { userId },
      select: {
        createdAt: true,
        manual: true,
        provider: { select: { id: true, name: true } },
        group: { select: { id: true, name: true, description: true, roles: { select: { roleId: true } } } },
      },
      orderBy: { group: { nameKey: "asc" } },
    }),
  ]);
  const effective = effectiveRoles({
    directRoleIds: direct.map((d) => d.roleId),
    groups: memberships.map(({ group }) => ({
      id: group.id,
      name: group.name,
      roleIds: group.roles.map((r) => r.roleId),
    })),
  });
  const roles = await db.role.findMany({
    where: { id: { in: effective.map((e) => e.roleId) } },
    select: { id: true, key: true, name: true, application: { select: { key: true, name: true } } },
  });
  const byId = new Map(roles.map((role) => [role.id, role]));
  return {
    groups: memberships.map(({ group, createdAt, manual, provider }) => ({
      id: group.id,
      name: group.name,
      description: group.description,
      joinedAt: createdAt,
      manual,
      viaProvider: provider?.name ?? null,
      viaProviderId: provider?.id ?? null,
    })),
    roles: effective
      .flatMap((e) => {
        const role = byId.get(e.roleId);
        if (!role) return [];
        return [
          {
            roleId: role.id,
            key: role.key,
            name: role.name,
            applicationKey: role.application.key,
            applicationName: role.application.name,
            claim: `${role.application.key}:${role.key}`,
            direct: e.direct,
            inheritedFrom: e.groups,
          },
        ];
      })
      .sort((a, b) => a.applicationName.localeCompare(b.applicationName) || a.name.localeCompare(b.name)),
  };
}

/** An administrator's view of any user's access. */
export async function getUserAccess(actor: Actor, userId: string): Promise<UserAccessDto> {
  authorize(actor, "users:read");
  if (!isUuid(userId)) throw notFound("The user");
  const exists = await db.user.count({ where: { id: userId } });
  if (!exists) throw notFound("The user");
  return loadUserAccess(userId);
}

/** Every signed-in user may see their own access. */
export async function getMyAccess(actor: Actor): Promise<UserAccessDto> {
  authenticate(actor);
  return loadUserAccess(actor.id);
}

import "server-only";
import { isUuid } from "./actor";
import type { Tx } from "./db";
import type { WriteContext } from "./write-context";

type Scope = NonNullable<WriteContext["dryRun"]>;

/** Whose access a write can change, for its dry run (read inside its transaction, before the work). */
export const dryRunUsers = {
  none: (usersAfter?: (result: unknown) => string[]): Scope => ({ usersBefore: async () => [], usersAfter }),
  of: (userIds: readonly string[]): Scope => ({ usersBefore: async () => userIds.filter(isUuid) }),
  membersOf: (groupId: string): Scope => ({
    usersBefore: async (tx: Tx) =>
      !isUuid(groupId)
        ? []
        : (
            await tx.$queryRaw<{ userId: string }[]>`
          SELECT "userId" FROM "Membership" WHERE "groupId" = ${groupId}::uuid`
          ).map((r) => r.userId),
  }),
  holdersOfRole: (roleId: string): Scope => ({
    usersBefore: async (tx: Tx) =>
      !isUuid(roleId)
        ? []
        : (
            await tx.$queryRaw<{ userId: string }[]>`
          SELECT DISTINCT "userId" FROM "EffectiveGrant" WHERE "roleId" = ${roleId}::uuid`
          ).map((r) => r.userId),
  }),
  holdersOfApplication: (applicationId: string): Scope => ({
    usersBefore: async (tx: Tx) =>
      !isUuid(applicationId)
        ? []
        : (
            await tx.$queryRaw<{ userId: string }[]>`
          SELECT DISTINCT "userId" FROM "EffectiveGrant"
          WHERE "roleId" = ANY(ARRAY(SELECT "id" FROM "Role" WHERE "applicationId" = ${applicationId}::uuid))`
          ).map((r) => r.userId),
  }),
};

import "server-only";
import { authorize, type Actor } from "./actor";
import { db } from "./db";

export interface OverviewDto {
  users: number;
  disabledUsers: number;
  groups: number;
  roles: number;
  applications: number;
}

/** Counts for the admin dashboard, all from the database. */
export async function getOverview(actor: Actor): Promise<OverviewDto> {
  authorize(actor, "users:read");
  authorize(actor, "groups:read");
  const [users, disabledUsers, groups, roles, applications] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { status: "DISABLED" } }),
    db.group.count(),
    db.role.count(),
    db.application.count(),
  ]);
  return { users, disabledUsers, groups, roles, applications };
}

"use server";
import { runAction } from "./run-action";
import { searchApplications } from "@/lib/dal/applications";
import { searchGroups } from "@/lib/dal/groups";
import { searchRoles } from "@/lib/dal/roles";
import { searchUsers } from "@/lib/dal/users";
import type { PickerOption } from "@/components/pickers/types";

/** Search endpoints for the pickers; each authorizes through the DAL like any other action. */
export async function searchRolesAction(query: string) {
  return runAction("roles:read", async (actor): Promise<PickerOption[]> =>
    (await searchRoles(actor, query, 20)).map((role) => ({
      id: role.id,
      label: role.name,
      detail: `${role.applicationKey}:${role.key}`,
      group: role.applicationName,
    })),
  );
}

export async function searchUsersAction(query: string, notInGroupId?: string) {
  return runAction("users:read", async (actor): Promise<PickerOption[]> =>
    (await searchUsers(actor, String(query ?? ""), { notInGroupId, limit: 10 })).map((user) => ({
      id: user.id,
      label: user.username,
      detail: `${user.displayName} · ${user.email}`,
    })),
  );
}

export async function searchGroupsAction(query: string, notContainingUserId?: string) {
  return runAction("groups:read", async (actor): Promise<PickerOption[]> =>
    (await searchGroups(actor, query, { notContainingUserId, limit: 10 })).map((group) => ({
      id: group.id,
      label: group.name,
      detail: group.description || undefined,
    })),
  );
}

/** Applications that can own new roles (the built-in one cannot). */
export async function searchApplicationsAction(query: string) {
  return runAction("roles:read", async (actor): Promise<PickerOption[]> =>
    (await searchApplications(actor, query, { editableOnly: true })).map((app) => ({
      id: app.id,
      label: app.name,
      detail: app.key,
    })),
  );
}

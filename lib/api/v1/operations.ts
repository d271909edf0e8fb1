import "server-only";
import type { z } from "zod";
import type { ApiOperationId } from "@/lib/access/api-v1";
import type { Actor } from "@/lib/dal/actor";
import { getUserAccess } from "@/lib/dal/access";
import {
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  updateApplication,
} from "@/lib/dal/applications";
import { listAuditEvents } from "@/lib/dal/audit-log";
import { dryRunUsers } from "@/lib/dal/dry-run-scope";
import { addDirectGrants, removeDirectGrant } from "@/lib/dal/grants";
import { addRolesToGroup, removeRoleFromGroup } from "@/lib/dal/group-roles";
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup } from "@/lib/dal/groups";
import { addMembers, listMembers, removeMembers } from "@/lib/dal/memberships";
import { createRole, deleteRole, getRole, listRoles, updateRole } from "@/lib/dal/roles";
import { deleteUser } from "@/lib/dal/user-deletion";
import { createUser, getUser, listUsers, setUserStatus, updateUser } from "@/lib/dal/users";
import type { VersionedKind } from "@/lib/dal/versions";
import type { WriteContext } from "@/lib/dal/write-context";
import {
  auditListQuerySchema,
  catalogListQuerySchema,
  groupListQuerySchema,
  memberIdsBodySchema,
  memberListQuerySchema,
  patchCatalogSchema,
  patchGroupSchema,
  patchUserSchema,
  roleIdsBodySchema,
  roleListQuerySchema,
  userListQuerySchema,
} from "@/lib/schemas/api";
import { createGroupSchema } from "@/lib/schemas/groups";
import { createApplicationSchema, createRoleSchema } from "@/lib/schemas/roles";
import { createUserSchema } from "@/lib/schemas/users";
import * as R from "./responses";

export interface OperationInput {
  actor: Actor;
  params: Record<string, string>;
  query: unknown;
  body: unknown;
}
export interface OperationOutput {
  status?: number;
  body: unknown;
  /** The created resource, for the Location header. */
  location?: string;
}

/**
 * One operation of the API: the zod schemas it validates with (also the OpenAPI document's), and a
 * thin call to the DAL function the screens use. `versioned` names the resource whose version is
 * the ETag (If-Match on PATCH and DELETE); `dryRun` says whose access the write can change.
 */
export interface OperationSpec {
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  versioned?: { kind: VersionedKind; param: string };
  dryRun?: (input: OperationInput) => NonNullable<WriteContext["dryRun"]>;
  run: (input: OperationInput) => Promise<OperationOutput>;
}

type Q<S extends z.ZodType> = z.output<S>;
const q = <S extends z.ZodType>(_schema: S, input: OperationInput) => input.query as Q<S>;
const b = <S extends z.ZodType>(_schema: S, input: OperationInput) => input.body as Q<S>;

/** A keyset page of the DAL as the API's page. */
const keysetPage = <T>(page: { items: T[]; next: string | null; prev: string | null; total: number }) => ({
  items: page.items,
  nextCursor: page.next,
  prevCursor: page.prev,
  total: page.total,
});
/** An offset page (applications, roles: short lists) behind an opaque cursor. */
const offsetPage = <T>(page: { items: T[]; page: number; pageCount: number; total: number }) => ({
  items: page.items,
  nextCursor: page.page < page.pageCount ? `o.${page.page + 1}` : null,
  prevCursor: page.page > 1 ? `o.${page.page - 1}` : null,
  total: page.total,
});
const pageNumber = (cursor: string | undefined) => (cursor ? Number(cursor.slice(2)) : 1);
const deleted = (name: string) => ({ body: { deleted: true, name } });

export const OPERATIONS: Record<ApiOperationId, OperationSpec> = {
  listUsers: {
    query: userListQuerySchema,
    response: R.userPageSchema,
    run: async (i) => {
      const { q: search, cursor, limit } = q(userListQuerySchema, i);
      return { body: keysetPage(await listUsers(i.actor, { q: search, page: cursor, pageSize: limit })) };
    },
  },
  createUser: {
    body: createUserSchema,
    response: R.createdSchema,
    status: 201,
    dryRun: () => dryRunUsers.none((result) => [(result as { id: string }).id]),
    run: async (i) => {
      const { id } = await createUser(i.actor, i.body);
      return { status: 201, body: { id }, location: `/api/v1/users/${id}` };
    },
  },
  getUser: {
    response: R.userSchema,
    versioned: { kind: "user", param: "userId" },
    run: async (i) => ({ body: await getUser(i.actor, i.params.userId!) }),
  },
  updateUser: {
    body: patchUserSchema,
    response: R.userSchema,
    versioned: { kind: "user", param: "userId" },
    dryRun: (i) => dryRunUsers.of([i.params.userId!]),
    run: async (i) => {
      const userId = i.params.userId!;
      const patch = b(patchUserSchema, i);
      if (patch.status) await setUserStatus(i.actor, userId, patch.status);
      else {
        const current = await getUser(i.actor, userId);
        await updateUser(i.actor, userId, {
          email: patch.email ?? current.email,
          displayName: patch.displayName ?? current.displayName,
        });
      }
      return { body: await getUser(i.actor, userId) };
    },
  },
  deleteUser: {
    response: R.deletedSchema,
    versioned: { kind: "user", param: "userId" },
    dryRun: (i) => dryRunUsers.of([i.params.userId!]),
    run: async (i) => deleted((await deleteUser(i.actor, i.params.userId!)).username),
  },
  getUserAccess: {
    response: R.accessSchema,
    run: async (i) => ({ body: await getUserAccess(i.actor, i.params.userId!) }),
  },
  addDirectGrants: {
    body: roleIdsBodySchema,
    response: R.rolesAddedSchema,
    dryRun: (i) => dryRunUsers.of([i.params.userId!]),
    run: async (i) => ({
      body: await addDirectGrants(i.actor, i.params.userId!, b(roleIdsBodySchema, i).roleIds),
    }),
  },
  removeDirectGrant: {
    response: R.roleRemovedSchema,
    dryRun: (i) => dryRunUsers.of([i.params.userId!]),
    run: async (i) => ({ body: await removeDirectGrant(i.actor, i.params.userId!, i.params.roleId!) }),
  },
  listGroups: {
    query: groupListQuerySchema,
    response: R.groupPageSchema,
    run: async (i) => {
      const { q: search, cursor, limit, sort } = q(groupListQuerySchema, i);
      return { body: keysetPage(await listGroups(i.actor, { q: search, page: cursor, pageSize: limit, sort })) };
    },
  },
  createGroup: {
    body: createGroupSchema,
    response: R.createdSchema,
    status: 201,
    dryRun: (i) => dryRunUsers.of(b(createGroupSchema, i).memberIds),
    run: async (i) => {
      const { id } = await createGroup(i.actor, i.body);
      return { status: 201, body: { id }, location: `/api/v1/groups/${id}` };
    },
  },
  getGroup: {
    response: R.groupSchema,
    versioned: { kind: "group", param: "groupId" },
    run: async (i) => ({ body: await getGroup(i.actor, i.params.groupId!) }),
  },
  updateGroup: {
    body: patchGroupSchema,
    response: R.groupSchema,
    versioned: { kind: "group", param: "groupId" },
    dryRun: () => dryRunUsers.of([]),
    run: async (i) => {
      const groupId = i.params.groupId!;
      const patch = b(patchGroupSchema, i);
      const current = await getGroup(i.actor, groupId);
      await updateGroup(i.actor, groupId, {
        name: patch.name ?? current.name,
        description: patch.description ?? current.description,
      });
      return { body: await getGroup(i.actor, groupId) };
    },
  },
  deleteGroup: {
    response: R.deletedSchema,
    versioned: { kind: "group", param: "groupId" },
    dryRun: (i) => dryRunUsers.membersOf(i.params.groupId!),
    run: async (i) => deleted((await deleteGroup(i.actor, i.params.groupId!)).name),
  },
  listMembers: {
    query: memberListQuerySchema,
    response: R.memberPageSchema,
    run: async (i) => {
      const { q: search, cursor, limit } = q(memberListQuerySchema, i);
      const page = await listMembers(i.actor, i.params.groupId!, { q: search, page: cursor, pageSize: limit });
      return { body: keysetPage(page) };
    },
  },
  addMembers: {
    body: memberIdsBodySchema,
    response: R.membersAddedSchema,
    dryRun: (i) => dryRunUsers.of(b(memberIdsBodySchema, i).userIds),
    run: async (i) => ({
      body: await addMembers(i.actor, i.params.groupId!, b(memberIdsBodySchema, i).userIds),
    }),
  },
  removeMembers: {
    body: memberIdsBodySchema,
    response: R.membersRemovedSchema,
    dryRun: (i) => dryRunUsers.of(b(memberIdsBodySchema, i).userIds),
    run: async (i) => ({
      body: await removeMembers(i.actor, i.params.groupId!, b(memberIdsBodySchema, i).userIds),
    }),
  },
  addGroupRoles: {
    body: roleIdsBodySchema,
    response: R.rolesAddedSchema,
    dryRun: (i) => dryRunUsers.membersOf(i.params.groupId!),
    run: async (i) => ({
      body: await addRolesToGroup(i.actor, i.params.groupId!, b(roleIdsBodySchema, i).roleIds),
    }),
  },
  removeGroupRole: {
    response: R.roleRemovedSchema,
    dryRun: (i) => dryRunUsers.membersOf(i.params.groupId!),
    run: async (i) => ({ body: await removeRoleFromGroup(i.actor, i.params.groupId!, i.params.roleId!) }),
  },
  listApplications: {
    query: catalogListQuerySchema,
    response: R.applicationPageSchema,
    run: async (i) => {
      const { q: search, cursor, limit } = q(catalogListQuerySchema, i);
      const page = await listApplications(i.actor, { q: search, page: pageNumber(cursor), pageSize: limit });
      return { body: offsetPage(page) };
    },
  },
  createApplication: {
    body: createApplicationSchema,
    response: R.createdSchema,
    status: 201,
    dryRun: () => dryRunUsers.of([]),
    run: async (i) => {
      const { id } = await createApplication(i.actor, i.body);
      return { status: 201, body: { id }, location: `/api/v1/applications/${id}` };
    },
  },
  getApplication: {
    response: R.applicationSchema,
    versioned: { kind: "application", param: "applicationId" },
    run: async (i) => ({ body: await getApplication(i.actor, i.params.applicationId!) }),
  },
  updateApplication: {
    body: patchCatalogSchema("application"),
    response: R.applicationSchema,
    versioned: { kind: "application", param: "applicationId" },
    dryRun: () => dryRunUsers.of([]),
    run: async (i) => {
      const id = i.params.applicationId!;
      const patch = i.body as { name?: string; description?: string };
      const current = await getApplication(i.actor, id);
      await updateApplication(i.actor, id, {
        name: patch.name ?? current.name,
        description: patch.description ?? current.description,
      });
      return { body: await getApplication(i.actor, id) };
    },
  },
  deleteApplication: {
    response: R.deletedSchema,
    versioned: { kind: "application", param: "applicationId" },
    dryRun: (i) => dryRunUsers.holdersOfApplication(i.params.applicationId!),
    run: async (i) => deleted((await deleteApplication(i.actor, i.params.applicationId!)).name),
  },
  listRoles: {
    query: roleListQuerySchema,
    response: R.rolePageSchema,
    run: async (i) => {
      const { q: search, cursor, limit, applicationId } = q(roleListQuerySchema, i);
      const page = await listRoles(i.actor, { q: search, page: pageNumber(cursor), pageSize: limit, applicationId });
      return { body: offsetPage(page) };
    },
  },
  createRole: {
    body: createRoleSchema,
    response: R.createdSchema,
    status: 201,
    dryRun: () => dryRunUsers.of([]),
    run: async (i) => {
      const { id } = await createRole(i.actor, i.body);
      return { status: 201, body: { id }, location: `/api/v1/roles/${id}` };
    },
  },
  getRole: {
    response: R.roleSchema,
    versioned: { kind: "role", param: "roleId" },
    run: async (i) => ({ body: await getRole(i.actor, i.params.roleId!) }),
  },
  updateRole: {
    body: patchCatalogSchema("role"),
    response: R.roleSchema,
    versioned: { kind: "role", param: "roleId" },
    dryRun: () => dryRunUsers.of([]),
    run: async (i) => {
      const id = i.params.roleId!;
      const patch = i.body as { name?: string; description?: string };
      const current = await getRole(i.actor, id);
      await updateRole(i.actor, id, {
        name: patch.name ?? current.name,
        description: patch.description ?? current.description,
      });
      return { body: await getRole(i.actor, id) };
    },
  },
  deleteRole: {
    response: R.deletedSchema,
    versioned: { kind: "role", param: "roleId" },
    dryRun: (i) => dryRunUsers.holdersOfRole(i.params.roleId!),
    run: async (i) => deleted((await deleteRole(i.actor, i.params.roleId!)).name),
  },
  listAuditEvents: {
    query: auditListQuerySchema,
    response: R.auditPageSchema,
    run: async (i) => {
      const { cursor, limit, ...filter } = q(auditListQuerySchema, i);
      const page = await listAuditEvents(i.actor, {
        ...filter,
        before: cursor?.slice(2),
        pageSize: limit,
      });
      return { body: { items: page.items, nextCursor: page.nextBefore ? `b.${page.nextBefore}` : null } };
    },
  },
  getOpenApiDocument: {
    response: R.problemSchema, // replaced by the document itself (see openapi.ts)
    run: async () => {
      const { openApiDocument } = await import("./openapi");
      return { body: openApiDocument() };
    },
  },
};

import { z } from "zod";

/**
 * Response schemas of /api/v1, for the OpenAPI document. They describe the DAL's DTOs as JSON
 * (dates as ISO strings); the handlers return those DTOs unchanged.
 */
const id = z.uuid();
const dateTime = z.iso.datetime();
const status = z.enum(["ACTIVE", "DISABLED"]);

export const problemSchema = z
  .object({
    type: z.url(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    reason: z.enum(["missing", "invalid", "expired", "revoked"]).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

const page = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
      prevCursor: z.string().nullable().optional(),
      total: z.int().optional(),
    })
    .meta({ id: `${name}Page` });

export const userRowSchema = z
  .object({ id, username: z.string(), displayName: z.string(), email: z.string(), status, groupCount: z.int() })
  .meta({ id: "UserRow" });
export const userSchema = userRowSchema
  .extend({ createdAt: dateTime, updatedAt: dateTime, hasPassword: z.boolean() })
  .meta({ id: "User" });
export const userPageSchema = page(userRowSchema, "User");

const groupRoleSchema = z
  .object({ id, key: z.string(), name: z.string(), applicationKey: z.string(), applicationName: z.string() })
  .meta({ id: "GroupRole" });
export const groupRowSchema = z
  .object({ id, name: z.string(), description: z.string(), memberCount: z.int(), roles: z.array(groupRoleSchema) })
  .meta({ id: "GroupRow" });
export const groupSchema = groupRowSchema.extend({ createdAt: dateTime, updatedAt: dateTime }).meta({ id: "Group" });
export const groupPageSchema = page(groupRowSchema, "Group");

export const memberSchema = z
  .object({
    userId: id,
    username: z.string(),
    displayName: z.string(),
    email: z.string(),
    status,
    addedAt: dateTime,
    addedBy: z.string().nullable(),
    manual: z.boolean().describe("Added by hand (screen or API)."),
    viaProvider: z.string().nullable().describe("The identity provider asserting it at sign-in, if any."),
  })
  .meta({ id: "Member" });
export const memberPageSchema = page(memberSchema, "Member");

export const applicationSchema = z
  .object({ id, key: z.string(), name: z.string(), description: z.string(), builtIn: z.boolean(), roleCount: z.int() })
  .meta({ id: "Application" });
export const applicationPageSchema = page(applicationSchema, "Application");

export const roleSchema = z
  .object({
    id,
    key: z.string(),
    name: z.string(),
    description: z.string(),
    applicationId: id,
    applicationKey: z.string(),
    applicationName: z.string(),
    builtIn: z.boolean(),
    groupCount: z.int(),
    directCount: z.int(),
  })
  .meta({ id: "Role" });
export const rolePageSchema = page(roleSchema, "Role");

const groupRef = z.object({ id, name: z.string() });
export const accessSchema = z
  .object({
    groups: z.array(
      groupRef.extend({
        description: z.string(),
        joinedAt: dateTime,
        manual: z.boolean(),
        viaProvider: z.string().nullable(),
        viaProviderId: z.string().nullable(),
      }),
    ),
    roles: z.array(
      z.object({
        roleId: id,
        key: z.string(),
        name: z.string(),
        applicationKey: z.string(),
        applicationName: z.string(),
        claim: z.string().describe("application:role"),
        direct: z.boolean().describe("Granted directly."),
        inheritedFrom: z.array(groupRef).describe("The groups it is inherited through."),
      }),
    ),
  })
  .meta({ id: "UserAccess", description: "Effective roles with their sources (direct and/or groups)." });

export const auditEventSchema = z
  .object({
    id: z.string(),
    at: dateTime,
    actorId: id.nullable(),
    actorName: z.string().describe('A user, or "token NAME (created by USER)".'),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    targetName: z.string(),
    relatedId: z.string().nullable(),
    relatedName: z.string().nullable(),
    summary: z.string(),
  })
  .meta({ id: "AuditEvent" });
export const auditPageSchema = page(auditEventSchema, "AuditEvent");

export const impactSchema = z
  .object({
    usersGaining: z.int(),
    usersLosing: z.int(),
    roles: z.array(
      z.object({
        roleId: id,
        roleName: z.string(),
        applicationName: z.string(),
        gaining: z.int(),
        losing: z.int(),
        sampleGaining: z.array(z.string()).describe("Up to 20 usernames."),
        sampleLosing: z.array(z.string()).describe("Up to 20 usernames."),
      }),
    ),
  })
  .meta({ id: "AccessChange", description: "Who would gain or lose which role." });

export const dryRunSchema = z
  .object({
    dryRun: z.literal(true),
    wouldReturn: z.unknown().describe("What the write would have answered."),
    impact: impactSchema,
  })
  .meta({ id: "DryRun", description: "The outcome of ?dryRun=true: nothing was changed." });

/** Answers of writes (the DAL's results). */
export const createdSchema = z.object({ id }).meta({ id: "Created" });
export const deletedSchema = z.object({ deleted: z.literal(true), name: z.string() }).meta({ id: "Deleted" });
export const membersAddedSchema = z
  .object({
    added: z.array(z.string()),
    alreadyMembers: z.array(z.string()),
    unknown: z.array(z.string()).describe("Ids that match no user."),
  })
  .meta({ id: "MembersAdded" });
export const membersRemovedSchema = z
  .object({ removed: z.array(z.string()), notMembers: z.int() })
  .meta({ id: "MembersRemoved" });
export const rolesAddedSchema = z
  .object({
    added: z.array(z.string()),
    alreadyAssigned: z.array(z.string()).optional(),
    alreadyGranted: z.array(z.string()).optional(),
  })
  .meta({ id: "RolesAdded" });
export const roleRemovedSchema = z
  .object({ removed: z.boolean(), usersLosing: z.int().optional(), stillInheritedFrom: z.array(z.string()).optional() })
  .meta({ id: "RoleRemoved" });

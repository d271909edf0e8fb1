import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PATCH_SCHEMA } from "@/lib/scim/constants";
import { adminActor, bearer, createApiToken, createGroup, createUser, resetDatabase } from "@/lib/testing/factories";
import type { Actor } from "./actor";
import { db } from "./db";
import { deleteGroup, getGroup, listGroups } from "./groups";
import { unlinkIdentity } from "./identity-links";
import { addMapping, createProvider } from "./identity-providers";
import { signInWithIdp } from "./idp-sign-in";
import { addMembers, addUserToGroups, removeMembers } from "./memberships";
import { scimPatchGroup } from "./scim/groups";
import { authenticateBearer } from "./token-auth";
import { deleteUser } from "./user-deletion";

process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

/** Groups whose kept count differs from their memberships, with both numbers. */
async function drift() {
  return db.$queryRaw<{ name: string; kept: number; actual: bigint }[]>`
    SELECT g."name", g."memberCount" AS kept, (SELECT count(*) FROM "Membership" m WHERE m."groupId" = g."id") AS actual
    FROM "Group" g WHERE g."memberCount" <> (SELECT count(*) FROM "Membership" m WHERE m."groupId" = g."id")`;
}

const GROUPS = 3;
const USERS = 6;
const someUsers = fc.uniqueArray(fc.integer({ min: 0, max: USERS - 1 }), { minLength: 1, maxLength: USERS });
const step = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), group: fc.nat(GROUPS - 1), users: someUsers }),
  fc.record({ kind: fc.constant("remove" as const), group: fc.nat(GROUPS - 1), users: someUsers }),
  fc.record({
    kind: fc.constant("toGroups" as const),
    user: fc.nat(USERS - 1),
    groups: fc.uniqueArray(fc.nat(GROUPS - 1), { minLength: 1 }),
  }),
  fc.record({ kind: fc.constant("scimReplace" as const), group: fc.nat(GROUPS - 1), users: someUsers }),
  fc.record({ kind: fc.constant("idp" as const), user: fc.nat(USERS - 1), claims: fc.subarray(["a", "b"]) }),
  fc.record({ kind: fc.constant("unlink" as const), user: fc.nat(USERS - 1) }),
  fc.record({ kind: fc.constant("deleteUser" as const), user: fc.nat(USERS - 1) }),
  fc.record({ kind: fc.constant("deleteGroup" as const), group: fc.nat(GROUPS - 1) }),
);

describe("a group's member count (kept by the database)", () => {
  it("equals its memberships after any sequence of changes, through every way memberships come and go", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        await resetDatabase();
        const admin = await adminActor();
        const groups = await Promise.all(Array.from({ length: GROUPS }, () => createGroup()));
        const users = await Promise.all(Array.from({ length: USERS }, () => createUser()));
        const token = await tokenActor(admin);
        const provider = await createProvider(admin, {
          key: "count-idp",
          name: "Count IdP",
          issuer: "https://login.example.test",
          clientId: "gatehouse",
          clientSecret: "secret",
        });
        await addMapping(admin, provider.id, { value: "a", groupIds: [groups[0]!.id] });
        await addMapping(admin, provider.id, { value: "b", groupIds: [groups[1]!.id, groups[2]!.id] });
        const alive = new Set(groups.map((g) => g.id));
        const viaProvider = new Map<number, string>();
        const ids = (picked: number[]) => picked.map((i) => users[i]!.id);
        for (const s of steps) {
          const group = "group" in s ? groups[s.group]! : undefined;
          if (group && !alive.has(group.id)) continue;
          if (s.kind === "add") await addMembers(admin, group!.id, ids(s.users));
          else if (s.kind === "remove") await removeMembers(admin, group!.id, ids(s.users));
          else if (s.kind === "toGroups") {
            const targets = s.groups.map((i) => groups[i]!.id).filter((id) => alive.has(id));
            if (targets.length) await addUserToGroups(admin, users[s.user]!.id, targets);
          } else if (s.kind === "scimReplace") {
            const members = ids(s.users).map((value) => ({ value }));
            await scimPatchGroup(token, group!.id, patch({ op: "replace", path: "members", value: members }), null);
          } else if (s.kind === "idp") {
            // Signs in as (or creates) a user of its own per index: the provider's memberships come and go.
            const { userId } = await signInWithIdp("count-idp", { sub: `idp-${s.user}`, groups: s.claims });
            viaProvider.set(s.user, userId);
          } else if (s.kind === "unlink") {
            const userId = viaProvider.get(s.user);
            if (userId) await unlinkIdentity(admin, userId, provider.id, `idp-${s.user}`);
            viaProvider.delete(s.user);
          } else if (s.kind === "deleteUser") {
            await deleteUser(admin, users[s.user]!.id);
            users[s.user] = await createUser();
          } else if (s.kind === "deleteGroup") {
            await deleteGroup(admin, group!.id);
            alive.delete(group!.id);
          }
          expect(await drift()).toEqual([]);
        }
        // What the screens show is the kept count.
        for (const id of alive) {
          const actual = await db.membership.count({ where: { groupId: id } });
          expect((await getGroup(admin, id)).memberCount).toBe(actual);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("sorts the groups list by member count across pages", async () => {
    await resetDatabase();
    const admin = await adminActor();
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser()));
    const sizes = [3, 0, 4, 1, 2];
    const groups = await Promise.all(sizes.map((n) => createGroup({ memberIds: users.slice(0, n).map((u) => u.id) })));
    const seen: { name: string; memberCount: number }[] = [];
    let page: string | undefined;
    do {
      const result = await listGroups(admin, { sort: "-members", pageSize: 2, page });
      seen.push(...result.items.map((g) => ({ name: g.name, memberCount: g.memberCount })));
      page = result.next ?? undefined;
    } while (page);
    const mine = seen.filter((g) => groups.some((x) => x.name === g.name));
    expect(mine.map((g) => g.memberCount)).toEqual([4, 3, 2, 1, 0]);
  });
});

async function tokenActor(creator: Actor): Promise<Actor> {
  const { secret } = await createApiToken(creator, ["users:read", "groups:read", "groups:write", "members:write"]);
  const auth = await authenticateBearer(bearer(secret));
  if (!auth.ok) throw new Error(auth.message);
  return auth.actor;
}

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });

import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./db";
import { listGroups } from "./groups";
import type { KeysetPage } from "./keyset";
import { listMembers } from "./memberships";
import { listUsers } from "./users";
import { adminActor, createGroup, createUser, unique } from "@/lib/testing/factories";

/** Every row once, in order, walking Next from the first page and Previous from the last. */
async function walk<T>(read: (page?: string) => Promise<KeysetPage<T>>, name: (row: T) => string) {
  const forward: string[][] = [];
  let page = await read();
  expect(page.prev).toBeNull();
  for (;;) {
    forward.push(page.items.map(name));
    if (!page.next) break;
    page = await read(page.next);
  }
  const backward: string[][] = [];
  page = await read("last");
  expect(page.next).toBeNull();
  for (;;) {
    backward.unshift(page.items.map(name));
    if (!page.prev) break;
    page = await read(page.prev);
  }
  return { forward, backward, total: page.total };
}

describe("keyset paging", () => {
  it("walks groups in every sort, forward and back, with ties on member count and creation time", async () => {
    const admin = await adminActor();
    const tag = unique("ks");
    const users = await Promise.all([1, 2, 3].map(() => createUser()));
    const counts = [2, 0, 2, 1, 3, 0, 2];
    const groups = [];
    for (const [i, count] of counts.entries()) {
      const group = await createGroup({ name: `${tag}-${i}`, memberIds: users.slice(0, count).map((u) => u.id) });
      groups.push({ ...group, count, name: `${tag}-${i}` });
    }
    // Two groups created at the same instant: the id breaks the tie.
    await db.group.updateMany({
      where: { id: { in: [groups[2]!.id, groups[5]!.id] } },
      data: { createdAt: new Date(0) },
    });
    const byName = groups.map((g) => g.name);
    const byCount = [...groups].sort((a, b) => a.count - b.count || a.name.localeCompare(b.name)).map((g) => g.name);
    const byCountDesc = [...groups]
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .map((g) => g.name);
    const created = await db.group.findMany({
      where: { id: { in: groups.map((g) => g.id) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { name: true },
    });
    const expected: Record<string, string[]> = {
      name: byName,
      "-name": [...byName].reverse(),
      members: byCount,
      "-members": byCountDesc,
      created: created.map((g) => g.name),
      "-created": created.map((g) => g.name).reverse(),
    };
    for (const [sort, order] of Object.entries(expected)) {
      const { forward, backward, total } = await walk(
        (page) => listGroups(admin, { q: tag, sort, pageSize: 3, page }),
        (g) => g.name,
      );
      expect(total).toBe(7);
      expect(forward.flat(), sort).toEqual(order);
      expect(
        forward.map((p) => p.length),
        sort,
      ).toEqual([3, 3, 1]);
      // Walking back from the last page ends on a full first page.
      expect(new Set(backward.flat()), sort).toEqual(new Set(order));
      expect(backward[0], sort).toEqual(order.slice(0, 3));
      expect(backward.at(-1), sort).toEqual(order.slice(-3));
    }
    const withCounts = await listGroups(admin, { q: tag, sort: "-members", pageSize: 2 });
    expect(withCounts.items.map((g) => g.memberCount)).toEqual([3, 2]);
  });

  it("walks users and members by username; a forged position reads as the first page", async () => {
    const admin = await adminActor();
    const tag = unique("ks");
    const users = await Promise.all(["e", "b", "d", "a", "c"].map((n) => createUser({ username: `${tag}-${n}` })));
    const group = await createGroup({ memberIds: users.map((u) => u.id) });
    const names = ["a", "b", "c", "d", "e"].map((n) => `${tag}-${n}`);
    const people = await walk(
      (page) => listUsers(admin, { q: tag, pageSize: 2, page }),
      (u) => u.username,
    );
    expect(people.forward).toEqual([names.slice(0, 2), names.slice(2, 4), names.slice(4)]);
    // Previous from [b, c] reaches the start: it shows a full first page, [a, b].
    expect(people.backward).toEqual([names.slice(0, 2), names.slice(1, 3), names.slice(3)]);
    const members = await walk(
      (page) => listMembers(admin, group.id, { pageSize: 2, page }),
      (m) => m.username,
    );
    expect(members.forward.flat()).toEqual(names);
    expect(members.total).toBe(5);
    const first = await listUsers(admin, { q: tag, pageSize: 2 });
    for (const page of [
      "3",
      "n.%%%",
      "n.WyJhIiwiYiJd",
      "p.bm90LWpzb24",
      `n.${Buffer.from("[1]").toString("base64url")}`,
    ]) {
      expect((await listUsers(admin, { q: tag, pageSize: 2, page })).items).toEqual(first.items);
    }
    const forged = await listGroups(admin, {
      sort: "created",
      page: `n.${Buffer.from('["x","y"]').toString("base64url")}`,
    });
    expect(forged.prev).toBeNull();
    // A well-formed token with values PostgreSQL would refuse to cast reads as the first page, not a 500.
    for (const values of [
      ["2020", randomUUID()],
      ["2026-13-45T99:99:99.000Z", "not-a-uuid"],
    ]) {
      const page = `n.${Buffer.from(JSON.stringify(values)).toString("base64url")}`;
      expect((await listGroups(admin, { sort: "-created", page })).prev).toBeNull();
    }
    const count = `n.${Buffer.from(JSON.stringify(["1e3", "x"])).toString("base64url")}`;
    expect((await listGroups(admin, { sort: "members", page: count })).prev).toBeNull();
  });
});

describe("deep pages seek, they do not skip", () => {
  it("the statements of a page after the cursor carry no OFFSET, and start from the cursor's row", async () => {
    const admin = await adminActor();
    const tag = unique("seek");
    const group = await createGroup({ name: `${tag}-group` });
    const members = await Promise.all([1, 2, 3, 4, 5].map((i) => createUser({ username: `${tag}-${i}` })));
    await db.membership.createMany({ data: members.map((m) => ({ groupId: group.id, userId: m.id })) });
    await Promise.all([1, 2, 3].map((i) => createGroup({ name: `${tag}-${i}` })));

    const reads: [string, (page?: string) => Promise<KeysetPage<unknown>>, string][] = [
      ["members", (page) => listMembers(admin, group.id, { page, pageSize: 2 }), `${tag}-2`],
      ["users", (page) => listUsers(admin, { q: tag, page, pageSize: 2 }), `${tag}-2`],
      ["groups by name", (page) => listGroups(admin, { q: tag, page, pageSize: 2 }), `${tag}-2`],
      // By member count (5, then 0, 0, 0): the first page ends at the first group of none.
      ["groups by members", (page) => listGroups(admin, { q: tag, sort: "-members", page, pageSize: 2 }), `${tag}-1`],
    ];
    for (const [what, read, cursorName] of reads) {
      const first = await read();
      expect(first.next, what).not.toBeNull();
      const statements = await statementsOf(() => read(first.next!));
      expect(statements.length, what).toBeGreaterThan(0);
      for (const { sql } of statements) expect(sql, what).not.toMatch(/\bOFFSET\b/i);
      // The page query starts from the last row shown: its sort key (a username or a group's name key) is a value.
      expect(
        statements.some(({ values }) => values.includes(cursorName)),
        `${what}: no statement seeks from ${cursorName}`,
      ).toBe(true);
    }
  });
});

/** The SQL text and values of every raw statement the data layer sends while `work` runs. */
async function statementsOf(work: () => Promise<unknown>): Promise<{ sql: string; values: unknown[] }[]> {
  await db.$queryRaw`SELECT 1`; // the client exists from here on
  const client = (globalThis as unknown as { gatehouseDb: typeof db }).gatehouseDb;
  const original = client.$queryRaw.bind(client);
  const seen: { sql: string; values: unknown[] }[] = [];
  const spy = vi.spyOn(client, "$queryRaw").mockImplementation(((
    first: TemplateStringsArray | Prisma.Sql,
    ...rest: unknown[]
  ) => {
    const statement = first instanceof Prisma.Sql ? first : Prisma.sql(first, ...(rest as Prisma.Sql[]));
    seen.push({ sql: statement.sql, values: statement.values });
    return original(statement);
  }) as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return seen;
}

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { listAuditEvents, recentEventsFor, type AuditPage } from "./audit-log";
import { db } from "./db";
import { addDirectGrants } from "./grants";
import { setUserStatus } from "./users";
import {
  actorFor,
  adminActor,
  createRole,
  createUser,
  grantDirect,
  plainActor,
  portalApplication,
  unique,
} from "@/lib/testing/factories";

const tag = unique("audit");
const carolId = randomUUID();
const labels = (page: AuditPage | { summary: string }[]) => ("items" in page ? page.items : page).map((e) => e.summary);

describe("audit log DAL", () => {
  let admin: Actor;
  beforeAll(async () => {
    admin = await adminActor();
    const event = (n: number, actor: string, action: string, targetType: string, target: string, at: string) => ({
      actorName: `${tag}-${actor}`,
      action,
      targetType,
      targetId: target === "carol" ? carolId : randomUUID(),
      targetName: `${tag}-${target}`,
      at: new Date(at),
      summary: `e${n}`,
    });
    // One at a time, so ids (the order of the log) follow the numbering.
    for (const data of [
      event(1, "ann", "group.created", "group", "Sales", "2020-01-01T10:00:00Z"),
      {
        ...event(2, "bob", "group.member_added", "group", "Sales", "2020-01-02T00:00:00Z"),
        relatedId: carolId,
        relatedName: `${tag}-carol`,
      },
      event(3, "ann", "user.updated", "user", "carol", "2020-01-02T23:59:59.999Z"),
      event(4, "bob", "role.created", "role", "Viewer", "2020-01-03T00:00:00Z"),
      event(5, "ann", "role.deleted", "role", "Viewer", "2020-01-04T12:00:00Z"),
    ]) {
      await db.auditEvent.create({ data });
    }
  });

  it("lists newest first with readable fields", async () => {
    const page = await listAuditEvents(admin, { actor: tag });
    expect(labels(page)).toEqual(["e5", "e4", "e3", "e2", "e1"]);
    expect(page.nextBefore).toBeNull();
    expect(page.items[3]).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      actorName: `${tag}-bob`,
      action: "group.member_added",
      targetType: "group",
      targetName: `${tag}-Sales`,
      relatedId: carolId,
      at: new Date("2020-01-02T00:00:00Z"),
    });
  });

  it("filters by actor, target (or related user), target type and action", async () => {
    expect(labels(await listAuditEvents(admin, { actor: `${tag}-ANN` }))).toEqual(["e5", "e3", "e1"]);
    expect(labels(await listAuditEvents(admin, { target: `${tag}-carol` }))).toEqual(["e3", "e2"]);
    expect(labels(await listAuditEvents(admin, { target: `${tag}-viewer`, actor: `${tag}-bob` }))).toEqual(["e4"]);
    expect(labels(await listAuditEvents(admin, { actor: tag, targetType: "role" }))).toEqual(["e5", "e4"]);
    expect(labels(await listAuditEvents(admin, { actor: tag, action: "group.member_added" }))).toEqual(["e2"]);
    expect(labels(await listAuditEvents(admin, { actor: `${tag}-nobody` }))).toEqual([]);
    // LIKE wildcards in a filter are plain characters: "_" does not stand for the "-" in the names.
    expect(labels(await listAuditEvents(admin, { actor: `${tag}_ANN` }))).toEqual([]);
    expect(labels(await listAuditEvents(admin, { actor: "%", target: tag }))).toEqual([]);
  });

  it("ignores unknown filter values instead of failing or emptying the page", async () => {
    const all = ["e5", "e4", "e3", "e2", "e1"];
    expect(labels(await listAuditEvents(admin, { actor: tag, targetType: "planet" as never }))).toEqual(all);
    expect(labels(await listAuditEvents(admin, { actor: tag, action: "user.exploded" }))).toEqual(all);
    expect(labels(await listAuditEvents(admin, { actor: tag, action: "constructor" }))).toEqual(all);
    expect(labels(await listAuditEvents(admin, { actor: tag, before: "abc" }))).toEqual(all);
  });

  it("filters by date range; a bare `to` date includes that whole day", async () => {
    expect(labels(await listAuditEvents(admin, { actor: tag, from: "2020-01-02", to: "2020-01-02" }))).toEqual([
      "e3",
      "e2",
    ]);
    expect(labels(await listAuditEvents(admin, { actor: tag, from: "2020-01-02T12:00:00Z" }))).toEqual([
      "e5",
      "e4",
      "e3",
    ]);
    expect(labels(await listAuditEvents(admin, { actor: tag, to: "2020-01-02T12:00:00Z" }))).toEqual(["e2", "e1"]);
    await expect(listAuditEvents(admin, { actor: tag, from: "yesterday-ish" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { from: "Enter a valid date." },
    });
  });

  it("pages with a keyset cursor: every event exactly once, no cursor after the last page", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listAuditEvents(admin, { actor: tag, pageSize: 2, before });
      seen.push(...labels(page));
      sizes.push(page.items.length);
      before = page.nextBefore ?? undefined;
    } while (before);
    expect(seen).toEqual(["e5", "e4", "e3", "e2", "e1"]);
    expect(sizes).toEqual([2, 2, 1]);
    expect((await listAuditEvents(admin, { actor: tag, pageSize: 5 })).nextBefore).toBeNull();
    // An event written after page 1 was read does not shift page 2.
    const first = await listAuditEvents(admin, { actor: tag, pageSize: 2 });
    await db.auditEvent.create({
      data: {
        actorName: `${tag}-ann`,
        action: "group.created",
        targetType: "group",
        targetId: randomUUID(),
        targetName: "x",
        summary: "e6",
      },
    });
    expect(labels(await listAuditEvents(admin, { actor: tag, pageSize: 2, before: first.nextBefore ?? "" }))).toEqual([
      "e3",
      "e2",
    ]);
    await db.auditEvent.deleteMany({ where: { summary: "e6", actorName: `${tag}-ann` } });
  });

  it("recent events for one user or role, as target or related, newest first", async () => {
    const [alice, role] = await Promise.all([createUser(), createRole()]);
    await addDirectGrants(admin, alice.id, [role.id]);
    await setUserStatus(admin, alice.id, "DISABLED");
    expect((await recentEventsFor(admin, alice.id)).map((e) => e.action)).toEqual([
      "user.disabled",
      "user.role_granted",
    ]);
    expect((await recentEventsFor(admin, alice.id, 1)).map((e) => e.action)).toEqual(["user.disabled"]);
    expect(await recentEventsFor(admin, role.id)).toMatchObject([
      { action: "user.role_granted", targetId: alice.id, actorName: admin.username },
    ]);
    expect(labels(await recentEventsFor(admin, carolId))).toEqual(["e3", "e2"]);
    expect(await recentEventsFor(admin, "not-an-id")).toEqual([]);
    expect(await recentEventsFor(admin, randomUUID())).toEqual([]);
  });

  it("an auditor may read the log; a user without permissions and no actor may not", async () => {
    const applicationId = (await portalApplication()).id;
    const auditorRole = await db.role.upsert({
      where: { applicationId_key: { applicationId, key: "auditor" } },
      update: {},
      create: { applicationId, key: "auditor", name: "Auditor" },
    });
    const auditorUser = await createUser();
    await grantDirect(auditorUser.id, auditorRole.id);
    const auditor = await actorFor(auditorUser.id);
    expect(labels(await listAuditEvents(auditor, { actor: tag }))).toHaveLength(5);
    expect(labels(await recentEventsFor(auditor, carolId))).toEqual(["e3", "e2"]);
    const nobody = await plainActor();
    for (const call of [(a: Actor) => listAuditEvents(a, { actor: tag }), (a: Actor) => recentEventsFor(a, carolId)]) {
      await expect(call(nobody)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(null as never)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
  });
});

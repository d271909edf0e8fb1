import { describe, expect, it } from "vitest";
import { effectiveRoles } from "./effective-roles";
import { impactOf, holdersAfter } from "./impact";
import { applyChange, userGrantsFrom } from "./state";
import type { AccessState } from "./types";

const empty: AccessState = { memberships: [], groupRoles: [], directGrants: [] };
const roleIdsOf = (state: AccessState, user: string) =>
  effectiveRoles(userGrantsFrom(state, user)).map((r) => r.roleId);

// The OutSystems walk-through: Marketing grants Dashboard Viewer; maria is a member and also holds it directly.
const seeded = [
  { type: "addGroupRole", groupId: "marketing", roleId: "viewer" },
  { type: "addMember", groupId: "marketing", userId: "maria" },
  { type: "addDirectGrant", userId: "maria", roleId: "viewer" },
] as const;
const base = seeded.reduce<AccessState>(applyChange, empty);

describe("applyChange", () => {
  it("rule 3: removing the direct grant leaves the inherited role, removing the membership leaves the direct one", () => {
    const noDirect = applyChange(base, { type: "removeDirectGrant", userId: "maria", roleId: "viewer" });
    expect(effectiveRoles(userGrantsFrom(noDirect, "maria"))).toEqual([
      { roleId: "viewer", direct: false, groups: [{ id: "marketing", name: "marketing" }] },
    ]);
    const noGroup = applyChange(base, { type: "removeMember", groupId: "marketing", userId: "maria" });
    expect(effectiveRoles(userGrantsFrom(noGroup, "maria"))).toEqual([{ roleId: "viewer", direct: true, groups: [] }]);
  });

  it("adding twice is harmless and removing what is not there changes nothing", () => {
    expect(applyChange(base, seeded[1])).toBe(base);
    expect(applyChange(base, { type: "removeMember", groupId: "finance", userId: "maria" })).toEqual(base);
  });

  it("rule 7: a deleted group's roles and members go with it; a new group with its name starts empty", () => {
    const deleted = applyChange(base, { type: "deleteGroup", groupId: "marketing" });
    expect(deleted.memberships).toEqual([]);
    expect(deleted.groupRoles).toEqual([]);
    const recreated = applyChange(deleted, { type: "addMember", groupId: "marketing-2", userId: "maria" });
    expect(roleIdsOf(recreated, "maria")).toEqual(["viewer"]); // still only the direct grant
  });

  it("deleting a role removes it from every group and every user", () => {
    const deleted = applyChange(base, { type: "deleteRole", roleId: "viewer" });
    expect(roleIdsOf(deleted, "maria")).toEqual([]);
    expect(deleted.groupRoles).toEqual([]);
  });
});

describe("impactOf", () => {
  it("rule 2: removing a role from a group: members lose it unless another source remains", () => {
    const state = applyChange(base, { type: "addMember", groupId: "marketing", userId: "li" });
    const impact = impactOf(state, { type: "removeGroupRole", groupId: "marketing", roleId: "viewer" });
    expect(impact).toEqual([
      {
        userId: "maria",
        stageId: "default",
        loses: [],
        keeps: [{ roleId: "viewer", direct: true, groupIds: [] }],
        gains: [],
      },
      { userId: "li", stageId: "default", loses: ["viewer"], keeps: [], gains: [] },
    ]);
  });

  it("adding a member reports what they gain; a change that alters nothing has no impact", () => {
    expect(impactOf(base, { type: "addMember", groupId: "marketing", userId: "li" })).toEqual([
      { userId: "li", stageId: "default", loses: [], keeps: [], gains: ["viewer"] },
    ]);
    expect(impactOf(base, { type: "removeMember", groupId: "finance", userId: "maria" })).toEqual([]);
  });

  it("rule 8: tells who still holds a role after a change", () => {
    expect(holdersAfter(base, { type: "removeMember", groupId: "marketing", userId: "maria" }, "viewer")).toEqual([
      "maria",
    ]);
    expect(holdersAfter(base, { type: "deleteRole", roleId: "viewer" }, "viewer")).toEqual([]);
  });
});

describe("stages (rule 11)", () => {
  // Support exists in Development and in Production; maria is in the Development one only.
  const staged = [
    { type: "addGroupRole", groupId: "support-dev", roleId: "crm-admin" },
    { type: "addGroupRole", groupId: "support-prod", roleId: "crm-viewer" },
    { type: "addMember", groupId: "support-dev", userId: "maria" },
    { type: "addDirectGrant", userId: "maria", roleId: "crm-editor", stageId: "qa" },
  ] as const;
  const state = staged.reduce<AccessState>(applyChange, {
    ...empty,
    groupStages: { "support-dev": "dev", "support-prod": "default" },
  });
  const roles = (stage: string) =>
    effectiveRoles(userGrantsFrom(state, "maria", undefined, stage)).map((r) => r.roleId);

  it("a membership in a Development group never yields a Production role", () => {
    expect(roles("dev")).toEqual(["crm-admin"]);
    expect(roles("default")).toEqual([]);
    expect(roles("qa")).toEqual(["crm-editor"]);
  });

  it("a direct grant is removed only in its own stage", () => {
    const elsewhere = applyChange(state, { type: "removeDirectGrant", userId: "maria", roleId: "crm-editor" });
    expect(effectiveRoles(userGrantsFrom(elsewhere, "maria", undefined, "qa")).map((r) => r.roleId)).toEqual([
      "crm-editor",
    ]);
  });

  it("impact names the stage it happens in", () => {
    expect(impactOf(state, { type: "removeMember", groupId: "support-dev", userId: "maria" })).toEqual([
      { userId: "maria", stageId: "dev", loses: ["crm-admin"], keeps: [], gains: [] },
    ]);
    expect(holdersAfter(state, { type: "addMember", groupId: "support-prod", userId: "li" }, "crm-viewer")).toEqual([
      "li",
    ]);
  });
});

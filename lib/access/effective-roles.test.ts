import { describe, expect, it } from "vitest";
import { effectiveRoles, isOnlyInherited } from "./effective-roles";

const marketing = { id: "g-m", name: "Marketing", roleIds: ["dashboard-viewer"] };
const analysts = { id: "g-a", name: "Analysts", roleIds: ["dashboard-viewer", "analyst"] };

describe("effectiveRoles", () => {
  it("rule 1: a member inherits every role of the group", () => {
    expect(effectiveRoles({ directRoleIds: [], groups: [marketing] })).toEqual([
      { roleId: "dashboard-viewer", direct: false, groups: [{ id: "g-m", name: "Marketing" }] },
    ]);
  });

  it("rule 3: a role held directly and through groups lists every source, groups by name", () => {
    const [role] = effectiveRoles({ directRoleIds: ["dashboard-viewer"], groups: [marketing, analysts] });
    expect(role).toEqual({
      roleId: "dashboard-viewer",
      direct: true,
      groups: [
        { id: "g-a", name: "Analysts" },
        { id: "g-m", name: "Marketing" },
      ],
    });
  });

  it("lists each role once, even when a group or grant repeats it", () => {
    const roles = effectiveRoles({
      directRoleIds: ["analyst", "analyst"],
      groups: [{ ...analysts, roleIds: ["analyst", "analyst"] }],
    });
    expect(roles).toEqual([{ roleId: "analyst", direct: true, groups: [{ id: "g-a", name: "Analysts" }] }]);
  });

  it("a user with no grants and no groups has no roles; an empty group gives nothing", () => {
    expect(effectiveRoles({ directRoleIds: [], groups: [] })).toEqual([]);
    expect(effectiveRoles({ directRoleIds: [], groups: [{ id: "g", name: "Empty", roleIds: [] }] })).toEqual([]);
  });

  it("rule 4: only a role that is inherited and not direct counts as only inherited", () => {
    const roles = effectiveRoles({ directRoleIds: ["analyst"], groups: [marketing] });
    const byId = new Map(roles.map((r) => [r.roleId, r]));
    expect(isOnlyInherited(byId.get("dashboard-viewer")!)).toBe(true);
    expect(isOnlyInherited(byId.get("analyst")!)).toBe(false);
  });
});

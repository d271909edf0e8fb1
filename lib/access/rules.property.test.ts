import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { effectiveRoles } from "./effective-roles";
import { impactOf } from "./impact";
import { applyChange, userGrantsFrom } from "./state";
import { GROUPS, ROLES, ReferenceModel, USERS, changeArb } from "./testing/reference-model";
import type { AccessState } from "./types";

const empty: AccessState = { memberships: [], groupRoles: [], directGrants: [] };
const observed = (state: AccessState, userId: string) =>
  effectiveRoles(userGrantsFrom(state, userId))
    .map((r) => ({ roleId: r.roleId, direct: r.direct, groups: r.groups.map((g) => g.id).sort() }))
    .sort((a, b) => a.roleId.localeCompare(b.roleId));

describe("the rules against a reference model (property)", () => {
  it("effective roles with their sources match the model after every change", () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 40 }), (changes) => {
        const model = new ReferenceModel();
        let state = empty;
        for (const change of changes) {
          state = applyChange(state, change);
          model.apply(change);
          for (const user of USERS) expect(observed(state, user)).toEqual(model.effective(user, ROLES, GROUPS));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("impact predicts exactly what the change does: losses, kept roles and gains", () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 25 }), changeArb, (history, change) => {
        const before = history.reduce(applyChange, empty);
        const after = applyChange(before, change);
        const impact = new Map(impactOf(before, change).map((i) => [i.userId, i]));
        for (const user of USERS) {
          const was = new Map(observed(before, user).map((r) => [r.roleId, r]));
          const now = new Map(observed(after, user).map((r) => [r.roleId, r]));
          const loses = [...was.keys()].filter((r) => !now.has(r));
          const gains = [...now.keys()].filter((r) => !was.has(r));
          expect([...(impact.get(user)?.loses ?? [])].sort()).toEqual(loses.sort());
          expect((impact.get(user)?.gains ?? []).sort()).toEqual(gains.sort());
          for (const kept of impact.get(user)?.keeps ?? []) expect(now.has(kept.roleId)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("rule 2: removing a membership never takes away a role that another source still gives", () => {
    fc.assert(
      fc.property(
        fc.array(changeArb, { maxLength: 25 }),
        fc.constantFrom(...GROUPS),
        fc.constantFrom(...USERS),
        (history, groupId, userId) => {
          const before = history.reduce(applyChange, empty);
          const after = applyChange(before, { type: "removeMember", groupId, userId });
          for (const role of observed(before, userId)) {
            const otherSource = role.direct || role.groups.some((g) => g !== groupId);
            expect(observed(after, userId).some((r) => r.roleId === role.roleId)).toBe(otherSource);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

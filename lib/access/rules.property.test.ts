import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { effectiveRoles } from "./effective-roles";
import { impactOf } from "./impact";
import { applyChange, userGrantsFrom } from "./state";
import { GROUPS, ROLES, ReferenceModel, STAGES, USERS, changeArb, groupStagesArb } from "./testing/reference-model";
import type { AccessState } from "./types";

const emptyIn = (groupStages: Record<string, string>): AccessState => ({
  memberships: [],
  groupRoles: [],
  directGrants: [],
  groupStages,
});
const observed = (state: AccessState, userId: string, stageId = "default") =>
  effectiveRoles(userGrantsFrom(state, userId, undefined, stageId))
    .map((r) => ({ roleId: r.roleId, direct: r.direct, groups: r.groups.map((g) => g.id).sort() }))
    .sort((a, b) => a.roleId.localeCompare(b.roleId));

describe("the rules against a reference model (property)", () => {
  it("effective roles with their sources match the model in every stage after every change", () => {
    fc.assert(
      fc.property(groupStagesArb, fc.array(changeArb, { maxLength: 40 }), (groupStages, changes) => {
        const model = new ReferenceModel(groupStages);
        let state = emptyIn(groupStages);
        for (const change of changes) {
          state = applyChange(state, change);
          model.apply(change);
          for (const user of USERS)
            for (const stage of STAGES)
              expect(observed(state, user, stage)).toEqual(model.effective(user, ROLES, GROUPS, stage));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("rule 11: a role held in a stage comes only from that stage's groups and grants", () => {
    fc.assert(
      fc.property(groupStagesArb, fc.array(changeArb, { maxLength: 30 }), (groupStages, changes) => {
        const state = changes.reduce(applyChange, emptyIn(groupStages));
        for (const user of USERS)
          for (const stage of STAGES)
            for (const role of observed(state, user, stage)) {
              for (const g of role.groups) expect(groupStages[g]).toBe(stage);
              if (role.direct)
                expect(
                  state.directGrants.some((d) => d.userId === user && d.roleId === role.roleId && d.stageId === stage),
                ).toBe(true);
            }
      }),
      { numRuns: 300 },
    );
  });

  it("impact predicts exactly what the change does, per stage: losses, kept roles and gains", () => {
    fc.assert(
      fc.property(groupStagesArb, fc.array(changeArb, { maxLength: 25 }), changeArb, (groupStages, history, change) => {
        const before = history.reduce(applyChange, emptyIn(groupStages));
        const after = applyChange(before, change);
        const impacts = impactOf(before, change);
        for (const user of USERS)
          for (const stage of STAGES) {
            const impact = impacts.find((i) => i.userId === user && i.stageId === stage);
            const was = new Map(observed(before, user, stage).map((r) => [r.roleId, r]));
            const now = new Map(observed(after, user, stage).map((r) => [r.roleId, r]));
            const loses = [...was.keys()].filter((r) => !now.has(r));
            const gains = [...now.keys()].filter((r) => !was.has(r));
            expect([...(impact?.loses ?? [])].sort()).toEqual(loses.sort());
            expect((impact?.gains ?? []).sort()).toEqual(gains.sort());
            for (const kept of impact?.keeps ?? []) expect(now.has(kept.roleId)).toBe(true);
          }
      }),
      { numRuns: 300 },
    );
  });

  it("rule 2: removing a membership never takes away a role that another source still gives", () => {
    fc.assert(
      fc.property(
        groupStagesArb,
        fc.array(changeArb, { maxLength: 25 }),
        fc.constantFrom(...GROUPS),
        fc.constantFrom(...USERS),
        (groupStages, history, groupId, userId) => {
          const before = history.reduce(applyChange, emptyIn(groupStages));
          const after = applyChange(before, { type: "removeMember", groupId, userId });
          for (const stage of STAGES)
            for (const role of observed(before, userId, stage)) {
              const otherSource = role.direct || role.groups.some((g) => g !== groupId);
              expect(observed(after, userId, stage).some((r) => r.roleId === role.roleId)).toBe(otherSource);
            }
        },
      ),
      { numRuns: 300 },
    );
  });
});

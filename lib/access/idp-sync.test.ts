import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planIdpSync, readGroupsClaim, type CurrentMembership } from "./idp-sync";

const IDP = "idp-1";
const mappings = [
  { value: "marketing-team", groupId: "marketing" },
  { value: "finance-team", groupId: "finance" },
  { value: "all-staff", groupId: "marketing" },
];

describe("planIdpSync", () => {
  it("adds the mapped groups the claim asserts", () => {
    expect(planIdpSync(IDP, mappings, ["marketing-team", "unmapped"], [])).toEqual({
      add: ["marketing"],
      attach: [],
      detach: [],
      remove: [],
    });
  });

  it("removes a mapped membership the claim no longer asserts, but never one added by hand", () => {
    const current: CurrentMembership[] = [
      { groupId: "marketing", manual: false, providerId: IDP },
      { groupId: "finance", manual: true, providerId: IDP },
      { groupId: "support", manual: true, providerId: null },
    ];
    expect(planIdpSync(IDP, mappings, [], current)).toEqual({
      add: [],
      attach: [],
      detach: ["finance"],
      remove: ["marketing"],
    });
  });

  it("a hand-added membership that the claim also asserts gains the provider as a second source", () => {
    const current = [{ groupId: "marketing", manual: true, providerId: null }];
    expect(planIdpSync(IDP, mappings, ["marketing-team"], current).attach).toEqual(["marketing"]);
  });

  it("two values mapped to one group: either keeps it", () => {
    const current = [{ groupId: "marketing", manual: false, providerId: IDP }];
    expect(planIdpSync(IDP, mappings, ["all-staff"], current)).toEqual({ add: [], attach: [], detach: [], remove: [] });
  });

  it("leaves memberships of other providers alone", () => {
    const current = [{ groupId: "finance", manual: false, providerId: "idp-2" }];
    expect(planIdpSync(IDP, mappings, [], current)).toEqual({ add: [], attach: [], detach: [], remove: [] });
  });

  it("property: manual memberships survive every sync, and the result matches the claim", () => {
    const group = fc.constantFrom("marketing", "finance", "support");
    const membership = fc.record({
      groupId: group,
      manual: fc.boolean(),
      providerId: fc.constantFrom(IDP, "idp-2", null),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(membership, { selector: (m) => m.groupId }),
        fc.subarray(["marketing-team", "finance-team", "all-staff", "other"]),
        (current, asserted) => {
          const plan = planIdpSync(IDP, mappings, asserted, current);
          const removed = new Set(plan.remove);
          for (const m of current) if (m.manual) expect(removed.has(m.groupId)).toBe(false);
          const wanted = new Set(mappings.filter((m) => asserted.includes(m.value)).map((m) => m.groupId));
          const after = new Set([...current.map((m) => m.groupId).filter((g) => !removed.has(g)), ...plan.add]);
          for (const g of wanted) expect(after.has(g)).toBe(true);
          for (const g of plan.remove) expect(wanted.has(g)).toBe(false);
        },
      ),
    );
  });
});

describe("readGroupsClaim", () => {
  it("reads a list, a space- or comma-separated string, and says when the claim is missing", () => {
    expect(readGroupsClaim({ groups: ["a", "b", 3] }, "groups")).toEqual(["a", "b"]);
    expect(readGroupsClaim({ roles: "a b,c" }, "roles")).toEqual(["a", "b", "c"]);
    expect(readGroupsClaim({ groups: [] }, "groups")).toEqual([]);
    expect(readGroupsClaim({}, "groups")).toBeNull();
  });
});

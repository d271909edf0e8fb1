import { describe, expect, it } from "vitest";
import { inStage, mayHoldInStage, showsStages } from "./stages";

describe("stages", () => {
  it("progressive disclosure: stages show only when there are two or more", () => {
    expect(showsStages([{}])).toBe(false);
    expect(showsStages([{}, {}])).toBe(true);
  });

  it("rule 11: Gatehouse's own roles may be held only in the default stage", () => {
    expect(mayHoldInStage("gatehouse", { isDefault: true })).toBe(true);
    expect(mayHoldInStage("gatehouse", { isDefault: false })).toBe(false);
    expect(mayHoldInStage("crm", { isDefault: false })).toBe(true);
  });

  it("names the stage in a sentence only when stages are shown", () => {
    expect(inStage("QA", 3)).toBe(" in QA");
    expect(inStage("Production", 1)).toBe("");
  });
});

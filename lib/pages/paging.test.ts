import { describe, expect, it } from "vitest";
import { collapse, countsByApplication, slicePage } from "./paging";

describe("in-memory paging of a user's access", () => {
  const items = Array.from({ length: 60 }, (_, i) => i);
  it("pages in 20s, clamping a page out of range or malformed", () => {
    expect(slicePage(items, undefined)).toMatchObject({ page: 1, pageCount: 3, total: 60, items: items.slice(0, 20) });
    expect(slicePage(items, "3").items).toEqual(items.slice(40));
    expect(slicePage(items, "99").page).toBe(3);
    expect(slicePage(items, "-1").page).toBe(1);
    expect(slicePage(items, "1e3").page).toBe(1);
    expect(slicePage([], "2")).toMatchObject({ page: 1, pageCount: 1, items: [] });
  });
  it("collapses sources beyond two, unless only one would hide", () => {
    expect(collapse(items.slice(0, 3))).toEqual({ head: items.slice(0, 3), more: 0 });
    expect(collapse(items.slice(0, 14))).toEqual({ head: [0, 1], more: 12 });
    expect(collapse(items.slice(0, 15), true).more).toBe(0);
  });
  it("counts roles by application, largest first", () => {
    const roles = [..."aaabbc"].map((a) => ({ applicationName: a }));
    expect(countsByApplication(roles)).toBe("a 3, b 2, c 1");
    expect(countsByApplication(roles, 1)).toBe("a 3 and 2 more applications");
  });
});

import { describe, expect, it } from "vitest";
import { count, plural } from "./plural";

describe("count and plural", () => {
  it("agree noun and verb with the number, as English does", () => {
    expect(`${count(1, "member")} ${plural(1, "loses", "lose")} it`).toBe("1 member loses it");
    expect(`${count(2, "member")} ${plural(2, "loses", "lose")} it`).toBe("2 members lose it");
    expect(`${count(0, "member")} ${plural(0, "loses", "lose")} it`).toBe("0 members lose it");
  });

  it("groups thousands and takes irregular plurals", () => {
    expect(count(100_000, "member")).toBe("100,000 members");
    expect(count(1, "person", "people")).toBe("1 person");
    expect(count(3, "person", "people")).toBe("3 people");
  });
});

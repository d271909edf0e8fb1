import { describe, expect, it } from "vitest";
import { ADMIN_ROLE, PERMISSIONS, permissionsFor } from "./permissions";

describe("permission catalogue", () => {
  it("gatehouse:admin may do everything", () => {
    expect([...permissionsFor([ADMIN_ROLE])].sort()).toEqual([...PERMISSIONS].sort());
  });
  it("an auditor may read and see the audit log, but change nothing", () => {
    const granted = permissionsFor(["gatehouse:auditor"]);
    expect(granted.has("audit:read")).toBe(true);
    expect([...granted].some((p) => p.endsWith(":write"))).toBe(false);
  });
  it("roles of other applications, or unknown portal roles, grant nothing in the portal", () => {
    expect(permissionsFor(["crm:admin", "billing:admin", "gatehouse:unknown", "gatehouse"]).size).toBe(0);
  });
});

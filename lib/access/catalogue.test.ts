import { readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACTION_ACCESS,
  ADMIN_AREA_PERMISSIONS,
  ADMIN_ROUTES,
  API_ROUTE_ACCESS,
  PROTOCOL_ROUTE_ACCESS,
  SCIM_ROUTE_ACCESS,
  mayCall,
  mayCallScim,
  mayEnterAdminArea,
  mayOpen,
  type ActionAccess,
  type AdminRoutePath,
} from "./catalogue";
import { PORTAL_ROLE_PERMISSIONS, type Permission } from "./permissions";

const ROOT = join(__dirname, "..", "..");

function filesUnder(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && match(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

/** Who the tables are checked for: nobody, a user without portal roles, and every portal role. */
const ACTORS: { name: string; signedIn: boolean; permissions: ReadonlySet<Permission> }[] = [
  { name: "anonymous", signedIn: false, permissions: new Set() },
  { name: "end user", signedIn: true, permissions: new Set() },
  ...Object.entries(PORTAL_ROLE_PERMISSIONS).map(([role, permissions]) => ({
    name: `gatehouse:${role}`,
    signedIn: true,
    permissions: new Set(permissions),
  })),
];

describe("admin pages", () => {
  const pages = filesUnder("app/(admin)/admin", (name) => name === "page.tsx");

  it.each(pages)("%s is in the route table and asks for its own entry", (file) => {
    const path = `/${file.replace("app/(admin)/", "").replace(/\/page\.tsx$/, "")}` as AdminRoutePath;
    expect(path === "/admin" || ADMIN_ROUTES.some((route) => route.path === path)).toBe(true);
    const source = readFileSync(join(ROOT, file), "utf8");
    expect(source).toContain(`requirePage("${path}")`);
  });

  it("the layout lets in anyone with an admin-area read permission, and no one else", () => {
    expect(readFileSync(join(ROOT, "app/(admin)/admin/layout.tsx"), "utf8")).toContain('requirePage("/admin")');
    for (const actor of ACTORS) {
      const expected = ADMIN_AREA_PERMISSIONS.some((permission) => actor.permissions.has(permission));
      expect(mayOpen("/admin", actor.permissions), actor.name).toBe(expected);
      expect(mayEnterAdminArea(actor.permissions), actor.name).toBe(expected);
    }
  });

  it("every table entry is a page that exists", () => {
    const paths = new Set(pages.map((file) => `/${file.replace("app/(admin)/", "").replace(/\/page\.tsx$/, "")}`));
    for (const route of ADMIN_ROUTES) expect(paths, route.path).toContain(route.path);
  });

  describe.each(ADMIN_ROUTES)("$path", (route) => {
    it.each(ACTORS)("opens for $name exactly when they hold the permission", (actor) => {
      expect(mayOpen(route.path, actor.permissions)).toBe(actor.permissions.has(route.permission));
    });
  });

  it("the auditor opens every list and detail page, and no page that creates", () => {
    const auditor = new Set(PORTAL_ROLE_PERMISSIONS.auditor);
    for (const route of ADMIN_ROUTES) {
      expect(mayOpen(route.path, auditor), route.path).toBe(!route.path.endsWith("/new"));
    }
  });
});

describe("server actions", () => {
  const serverFiles = [
    ...filesUnder("app", (name) => name.endsWith(".ts")),
    ...filesUnder("lib", (n) => n.endsWith(".ts")),
  ]
    .filter((file) => !file.includes("/generated/"))
    .filter((file) => /^\s*["']use server["']/.test(readFileSync(join(ROOT, file), "utf8")));
  const exported = serverFiles.flatMap((file) => {
    const source = readFileSync(join(ROOT, file), "utf8");
    return [...source.matchAll(/^export async function (\w+)\(/gm)].map((match) => {
      const start = match.index;
      const next = source.indexOf("\nexport ", start + 1);
      return { file, name: match[1]!, body: source.slice(start, next === -1 ? undefined : next) };
    });
  });

  it("finds the action files", () => {
    expect(serverFiles.length).toBeGreaterThanOrEqual(8);
    expect(exported.length).toBe(Object.keys(ACTION_ACCESS).length);
  });

  it("every exported action declares its access in ACTION_ACCESS, under a unique name", () => {
    const names = exported.map((action) => action.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !(name in ACTION_ACCESS))).toEqual([]);
    expect(Object.keys(ACTION_ACCESS).filter((name) => !names.includes(name))).toEqual([]);
  });

  it("every action checks the access it declares through runAction", () => {
    for (const action of exported) {
      const access: ActionAccess = ACTION_ACCESS[action.name as keyof typeof ACTION_ACCESS];
      if (access === "public") expect(action.body, action.name).not.toContain("runAction(");
      else expect(action.body, action.name).toContain(`runAction("${access}",`);
    }
  });

  describe.each(Object.entries(ACTION_ACCESS))("%s", (_name, access) => {
    it.each(ACTORS)("is allowed for $name exactly as the catalogue says", (actor) => {
      const expected =
        access === "public" ||
        (actor.signedIn && (access === "signed-in" || actor.permissions.has(access as Permission)));
      expect(mayCall(access, actor.signedIn, actor.permissions)).toBe(expected);
    });
  });

  it("the auditor may call no action that writes", () => {
    const auditor = new Set(PORTAL_ROLE_PERMISSIONS.auditor);
    const allowed = Object.entries(ACTION_ACCESS)
      .filter(([, access]) => access !== "public" && access !== "signed-in" && mayCall(access, true, auditor))
      .map(([name]) => name);
    expect(allowed).toEqual([]);
  });
});

describe("API routes", () => {
  const routes = filesUnder("app/api", (name) => name === "route.ts").map((file) => ({
    file,
    path: `/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}`,
  }));

  it("every route handler is in API_ROUTE_ACCESS, and every entry is a route", () => {
    expect(routes.filter((route) => !(route.path in API_ROUTE_ACCESS)).map((route) => route.path)).toEqual([]);
    const paths = routes.map((route) => route.path);
    expect(Object.keys(API_ROUTE_ACCESS).filter((path) => !paths.includes(path))).toEqual([]);
  });

  it("every search route checks the permission the catalogue gives it", () => {
    const searches = routes.filter((route) => route.path.startsWith("/api/search/"));
    expect(searches.length).toBe(4);
    for (const route of searches) {
      const source = readFileSync(join(ROOT, route.file), "utf8");
      expect(source, route.path).toContain(`searchRoute("${API_ROUTE_ACCESS[route.path]}",`);
    }
  });

  it("the auditor may search everything the pickers offer; an end user nothing", () => {
    const searches = Object.entries(API_ROUTE_ACCESS).filter(([path]) => path.startsWith("/api/search/"));
    for (const [path, access] of searches as [string, ActionAccess][]) {
      expect(mayCall(access, true, new Set(PORTAL_ROLE_PERMISSIONS.auditor)), path).toBe(true);
      expect(mayCall(access, true, new Set()), path).toBe(false);
      expect(mayCall(access, false, new Set()), path).toBe(false);
    }
  });
});

describe("protocol routes", () => {
  it("every route handler outside /api and /scim is declared in PROTOCOL_ROUTE_ACCESS, and every entry exists", () => {
    const routes = filesUnder("app", (name) => name === "route.ts")
      .filter((file) => !file.startsWith("app/api/") && !file.startsWith("app/scim/"))
      .map((file) => `/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}`);
    expect(routes.filter((path) => !(path in PROTOCOL_ROUTE_ACCESS))).toEqual([]);
    expect(Object.keys(PROTOCOL_ROUTE_ACCESS).filter((path) => !routes.includes(path))).toEqual([]);
  });
});

describe("SCIM routes", () => {
  const routes = filesUnder("app/scim", (name) => name === "route.ts").map((file) => ({
    file,
    path: `/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}`,
  }));

  it("every SCIM route handler is in SCIM_ROUTE_ACCESS, and every entry is a route", () => {
    const table = SCIM_ROUTE_ACCESS as Record<string, Record<string, unknown>>;
    expect(routes.filter((route) => !(route.path in table)).map((route) => route.path)).toEqual([]);
    expect(Object.keys(table).filter((path) => !routes.some((route) => route.path === path))).toEqual([]);
  });

  it("every exported method goes through scimRoute with its own path and method, and has an entry", () => {
    const table = SCIM_ROUTE_ACCESS as Record<string, Record<string, unknown>>;
    for (const route of routes) {
      const source = readFileSync(join(ROOT, route.file), "utf8");
      const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = /g)].map((m) => m[1]!);
      expect(methods.sort(), route.path).toEqual(Object.keys(table[route.path]!).sort());
      for (const method of methods) {
        expect(source, `${method} ${route.path}`).toContain(
          `export const ${method} = scimRoute("${route.path}", "${method}",`,
        );
      }
    }
  });

  it("reading needs a read permission, writing a write permission; an auditor's permissions write nothing", () => {
    const auditor = new Set(PORTAL_ROLE_PERMISSIONS.auditor);
    for (const [path, methods] of Object.entries(SCIM_ROUTE_ACCESS)) {
      for (const [method, access] of Object.entries(methods)) {
        // A POST to /.search (RFC 7644 3.4.3) is a query: it reads.
        const reads = method === "GET" || path.endsWith("/.search");
        if (!reads && access !== "token") expect(mayCallScim(access, auditor), `${method} ${path}`).toBe(false);
        expect(mayCallScim(access, new Set(PORTAL_ROLE_PERMISSIONS.admin)), `${method} ${path}`).toBe(true);
      }
    }
    expect(mayCallScim(["members:write", "groups:write"], new Set(["members:write"] as const))).toBe(true);
    expect(mayCallScim("users:write", new Set(["users:read"] as const))).toBe(false);
  });
});

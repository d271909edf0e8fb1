import { ADMIN_ROUTES, mayEnterAdminArea } from "@/lib/access/catalogue";
import { homeFor } from "@/lib/auth/actor";
import type { Actor } from "@/lib/dal/actor";
import { Sidebar, type NavEntry } from "./sidebar";

/** The admin navigation this actor may use: the entries of the route table whose permission they hold. */
function adminNav(actor: Actor): NavEntry[] {
  if (!mayEnterAdminArea(actor.permissions)) return [];
  const entries = ADMIN_ROUTES.flatMap((route) =>
    "nav" in route && actor.permissions.has(route.permission)
      ? [{ href: route.path, label: route.nav, exact: false }]
      : [],
  );
  return [{ href: "/admin", label: "Dashboard", exact: true }, ...entries];
}

/** The frame of every signed-in page: the navigation the actor may use, and who is signed in. */
export function AppShell({ actor, children }: { actor: Actor; children: React.ReactNode }) {
  const nav = [...adminNav(actor), { href: "/me", label: "My access", exact: false }];
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <Sidebar home={homeFor(actor)} nav={nav} displayName={actor.displayName} username={actor.username} />
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-10 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}

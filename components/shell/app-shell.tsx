import {
  AppWindow,
  BookOpen,
  ClipboardList,
  Fingerprint,
  KeySquare,
  KeyRound,
  Layers,
  LayoutDashboard,
  LogOut,
  ShieldCheck,
  type LucideIcon,
  UserRound,
  Users,
  UsersRound,
} from "lucide-react";
import Link from "next/link";
import { ADMIN_ROUTES, mayEnterAdminArea } from "@/lib/access/catalogue";
import { homeFor } from "@/lib/auth/actor";
import { signOutAction } from "@/lib/auth/sign-out-action";
import type { Actor } from "@/lib/dal/actor";
import { NavLink } from "./nav-link";

const NAV_ICONS: Record<string, LucideIcon> = {
  "/admin/users": UserRound,
  "/admin/groups": UsersRound,
  "/admin/roles": KeyRound,
  "/admin/applications": AppWindow,
  "/admin/identity-providers": Fingerprint,
  "/admin/stages": Layers,
  "/admin/audit": ClipboardList,
  "/admin/api-tokens": KeySquare,
  "/admin/api-reference": BookOpen,
};

/** The admin navigation this actor may use: the entries of the route table whose permission they hold. */
function adminNav(actor: Actor) {
  if (!mayEnterAdminArea(actor.permissions)) return [];
  const entries = ADMIN_ROUTES.flatMap((route) =>
    "nav" in route && actor.permissions.has(route.permission)
      ? [{ href: route.path, label: route.nav, icon: NAV_ICONS[route.path] ?? LayoutDashboard, exact: false }]
      : [],
  );
  return [{ href: "/admin", label: "Dashboard", icon: LayoutDashboard, exact: true }, ...entries];
}

/** The frame of every signed-in page: the navigation the actor may use, and who is signed in. */
export function AppShell({ actor, children }: { actor: Actor; children: React.ReactNode }) {
  const nav = adminNav(actor);
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-screen md:w-60 md:shrink-0 md:flex-col md:border-r md:border-b-0">
        <Link href={homeFor(actor)} className="flex items-center gap-2 px-5 py-4 text-lg font-semibold text-slate-900">
          <ShieldCheck className="size-6 text-indigo-600" aria-hidden />
          Gatehouse
        </Link>
        <nav aria-label="Main" className="flex gap-1 overflow-x-auto px-3 pb-3 md:flex-1 md:flex-col md:pb-0">
          {nav.map(({ href, label, icon: Icon, exact }) => (
            <NavLink key={href} href={href} exact={exact}>
              <Icon className="size-4" aria-hidden />
              {label}
            </NavLink>
          ))}
          <NavLink href="/me">
            <Users className="size-4" aria-hidden />
            My access
          </NavLink>
        </nav>
        <div className="flex items-center justify-between gap-2 border-t border-slate-200 px-4 py-3">
          <div className="min-w-0 text-sm">
            <p className="truncate font-medium text-slate-900">{actor.displayName}</p>
            <p className="truncate text-xs text-slate-500">{actor.username}</p>
          </div>
          <form action={signOutAction}>
            <button
              type="submit"
              className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100"
            >
              <LogOut className="size-4" aria-hidden />
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-10 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}

"use client";
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
  UserRound,
  Users,
  UsersRound,
} from "lucide-react";
import Link from "next/link";
import { signOutAction } from "@/lib/auth/sign-out-action";
import { NavLink } from "./nav-link";

const ICONS = {
  "/admin": LayoutDashboard,
  "/admin/users": UserRound,
  "/admin/groups": UsersRound,
  "/admin/roles": KeyRound,
  "/admin/applications": AppWindow,
  "/admin/identity-providers": Fingerprint,
  "/admin/stages": Layers,
  "/admin/audit": ClipboardList,
  "/admin/api-tokens": KeySquare,
  "/admin/api-reference": BookOpen,
  "/me": Users,
} as const;

export interface NavEntry {
  href: string;
  label: string;
  exact: boolean;
}

/**
 * The navigation and who is signed in. The server decides the entries (app-shell.tsx); this
 * renders them, as a client component so that React sends the entries instead of every
 * element and icon path of the sidebar on each page.
 */
export function Sidebar({
  home,
  nav,
  displayName,
  username,
}: {
  home: string;
  nav: NavEntry[];
  displayName: string;
  username: string;
}) {
  return (
    <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-screen md:w-60 md:shrink-0 md:flex-col md:border-r md:border-b-0">
      <Link href={home} className="flex items-center gap-2 px-5 py-4 text-lg font-semibold text-slate-900">
        <ShieldCheck className="size-6 text-indigo-600" aria-hidden />
        Gatehouse
      </Link>
      <nav aria-label="Main" className="flex gap-1 overflow-x-auto px-3 pb-3 md:flex-1 md:flex-col md:pb-0">
        {nav.map(({ href, label, exact }) => {
          const Icon = ICONS[href as keyof typeof ICONS] ?? LayoutDashboard;
          return (
            <NavLink key={href} href={href} exact={exact}>
              <Icon className="size-4" aria-hidden />
              {label}
            </NavLink>
          );
        })}
      </nav>
      <div className="flex items-center justify-between gap-2 border-t border-slate-200 px-4 py-3">
        <div className="min-w-0 text-sm">
          <p className="truncate font-medium text-slate-900" title={displayName}>
            {displayName}
          </p>
          <p className="truncate text-xs text-slate-500" title={username}>
            {username}
          </p>
        </div>
        <form action={signOutAction} className="shrink-0">
          <button
            type="submit"
            className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm whitespace-nowrap text-slate-600 hover:bg-slate-100"
          >
            <LogOut className="size-4" aria-hidden />
            Sign out
          </button>
        </form>
      </div>
    </aside>
  );
}

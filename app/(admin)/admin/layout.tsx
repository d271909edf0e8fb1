import { AppShell } from "@/components/shell/app-shell";
import { requireAdmin } from "@/lib/auth/actor";

// Redirects only: every page and action below authorizes again through the DAL.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireAdmin();
  return <AppShell actor={actor}>{children}</AppShell>;
}

import { AppShell } from "@/components/shell/app-shell";
import { requirePage } from "@/lib/auth/actor";

// Redirects only: every page and action below authorizes again through the DAL.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePage("/admin");
  return <AppShell actor={actor}>{children}</AppShell>;
}

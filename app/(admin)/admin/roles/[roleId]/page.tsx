import { redirect } from "next/navigation";
import { requirePage } from "@/lib/auth/actor";
import { getRole } from "@/lib/dal/roles";
import { orNotFound } from "@/lib/pages/or-not-found";

// Links to a role (from the audit log) open it in the list of its application's roles.
export default async function RolePage({ params }: { params: Promise<{ roleId: string }> }) {
  const actor = await requirePage("/admin/roles/[roleId]");
  const role = await orNotFound(getRole(actor, (await params).roleId));
  redirect(`/admin/roles?applicationId=${role.applicationId}&q=${encodeURIComponent(role.key)}`);
}

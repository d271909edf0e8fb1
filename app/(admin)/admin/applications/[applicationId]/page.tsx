import { redirect } from "next/navigation";
import { requirePage } from "@/lib/auth/actor";
import { getApplication } from "@/lib/dal/applications";
import { orNotFound } from "@/lib/pages/or-not-found";

// Links to an application (from the audit log) open the list of its roles.
export default async function ApplicationPage({ params }: { params: Promise<{ applicationId: string }> }) {
  const actor = await requirePage("/admin/applications/[applicationId]");
  const app = await orNotFound(getApplication(actor, (await params).applicationId));
  redirect(`/admin/roles?applicationId=${app.id}`);
}

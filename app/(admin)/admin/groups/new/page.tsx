import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/actor";
import { listStageRefs } from "@/lib/dal/stages";
import { CreateGroupForm } from "./create-group-form";

export const metadata: Metadata = { title: "Create group" };

export default async function NewGroupPage({ searchParams }: { searchParams: Promise<{ stage?: string }> }) {
  const actor = await requirePage("/admin/groups/new");
  const [stages, params] = await Promise.all([listStageRefs(actor), searchParams]);
  // Preselected: the stage the groups list was filtered by, else the default stage.
  const preselected = stages.find((s) => s.key === params.stage) ?? stages.find((s) => s.isDefault) ?? stages[0];
  return (
    <div className="max-w-2xl">
      <PageHeader
        title="Create group"
        description="Give the group roles and members now, or later from its page."
        back={
          <Link href="/admin/groups" className="text-indigo-700 hover:underline">
            ← Groups
          </Link>
        }
      />
      <Card>
        <CreateGroupForm stages={stages} defaultStageId={preselected?.id ?? ""} />
      </Card>
    </div>
  );
}

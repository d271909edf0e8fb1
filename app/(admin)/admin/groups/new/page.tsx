import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/actor";
import { CreateGroupForm } from "./create-group-form";

export const metadata: Metadata = { title: "Create group" };

export default async function NewGroupPage() {
  await requirePage("/admin/groups/new");
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
        <CreateGroupForm />
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { linkClass } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/actor";
import { CreateUserForm } from "./_components/create-user-form";

export const metadata: Metadata = { title: "Create user" };

export default async function NewUserPage() {
  await requirePage("/admin/users/new");
  return (
    <>
      <PageHeader
        title="Create user"
        description="The user can sign in with this username or email and the initial password."
        back={
          <Link href="/admin/users" className={linkClass}>
            ← Users
          </Link>
        }
      />
      <Card className="max-w-2xl">
        <div className="px-5 py-5">
          <CreateUserForm />
        </div>
      </Card>
    </>
  );
}

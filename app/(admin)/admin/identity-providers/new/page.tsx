import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/actor";
import { ProviderForm } from "../_components/provider-form";

export const metadata: Metadata = { title: "Add identity provider" };

export default async function NewProviderPage() {
  await requirePage("/admin/identity-providers/new");
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="Add identity provider"
        description="Register Gatehouse as a confidential OpenID Connect client in your provider first; its callback URL is shown on the next page."
        back={
          <Link href="/admin/identity-providers" className="text-indigo-700 hover:underline">
            ← Identity providers
          </Link>
        }
      />
      <Card>
        <ProviderForm />
      </Card>
    </div>
  );
}

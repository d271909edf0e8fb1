import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { KeysetPagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { linkClass } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { listUsers } from "@/lib/dal/users";
import { UsersTable } from "./_components/users-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const actor = await requirePage("/admin/users");
  const params = await searchParams;
  const users = await listUsers(actor, { q: params.q, page: params.page });
  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in, and the groups they belong to."
        actions={
          can(actor, "users:write") ? (
            <Button asChild>
              <Link href="/admin/users/new">Create user</Link>
            </Button>
          ) : undefined
        }
      />
      <Card aria-label="Users">
        <div className="border-b border-slate-200 px-4 py-3">
          <SearchForm label="Search users" value={params.q} />
        </div>
        {users.items.length === 0 ? (
          <EmptyState
            title={params.q ? `No users match “${params.q}”.` : "There are no users yet."}
            action={
              params.q ? (
                <Link href="/admin/users" className={linkClass}>
                  Clear the search
                </Link>
              ) : undefined
            }
          >
            {params.q
              ? "Search by username, name or email."
              : can(actor, "users:write")
                ? "Create the first user to get started."
                : null}
          </EmptyState>
        ) : (
          <UsersTable users={users.items} />
        )}
        <KeysetPagination
          total={users.total}
          shown={users.items.length}
          next={users.next}
          prev={users.prev}
          noun="user"
          params={params}
        />
      </Card>
    </>
  );
}

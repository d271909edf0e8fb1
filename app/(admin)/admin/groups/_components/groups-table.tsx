"use client";
import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ActionsTd, Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import type { GroupRowDto } from "@/lib/dal/groups";
import { formatNumber } from "@/lib/text/plural";
import { DeleteGroupButton } from "./delete-group-button";
import { RolesInGroupDialog } from "./roles-in-group-dialog";

/** A sortable column's header: where clicking it goes, and how the table is sorted by it now. */
export interface SortHeader {
  href: string;
  direction?: "ascending" | "descending";
}

/**
 * The groups table. A client component for speed, not interactivity: React sends the rows'
 * data instead of every element of every row (README, "How it is built").
 */
export function GroupsTable({
  groups,
  staged,
  canEdit,
  sortBy,
}: {
  groups: GroupRowDto[];
  staged: boolean;
  canEdit: boolean;
  sortBy: { name: SortHeader; members: SortHeader };
}) {
  return (
    <Table>
      <thead>
        <tr>
          <Th aria-sort={sortBy.name.direction}>
            <SortLink label="Name" header={sortBy.name} />
          </Th>
          {staged && <Th>Stage</Th>}
          <Th>Description</Th>
          <Th>Roles</Th>
          <Th aria-sort={sortBy.members.direction}>
            <SortLink label="Members" header={sortBy.members} />
          </Th>
          <Th className="text-right">Actions</Th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <Tr key={group.id}>
            <Td className="min-w-48">
              <Link href={`/admin/groups/${group.id}`} className={linkClass}>
                {group.name}
              </Link>
            </Td>
            {staged && <Td className="whitespace-nowrap">{group.stage.name}</Td>}
            <Td className="max-w-xs text-slate-600">
              {group.description || <span className="text-slate-500">—</span>}
            </Td>
            <Td>
              {group.roles.length > 0 ? (
                <RolesInGroupDialog groupName={group.name} roles={group.roles} />
              ) : (
                <span className="text-slate-500">No roles</span>
              )}
            </Td>
            <Td className="tabular-nums">{formatNumber(group.memberCount)}</Td>
            <ActionsTd>
              <Button asChild variant="ghost" size="sm">
                <Link href={`/admin/groups/${group.id}`} aria-label={`${canEdit ? "Edit" : "View"} ${group.name}`}>
                  {canEdit ? "Edit" : "View"}
                </Link>
              </Button>
              {canEdit && (
                <DeleteGroupButton
                  groupId={group.id}
                  groupName={group.name}
                  trigger={
                    <Button variant="ghost" size="sm" className="text-red-700" aria-label={`Delete ${group.name}`}>
                      Delete
                    </Button>
                  }
                />
              )}
            </ActionsTd>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function SortLink({ label, header }: { label: string; header: SortHeader }) {
  const Icon = header.direction === "ascending" ? ArrowUp : header.direction === "descending" ? ArrowDown : null;
  return (
    <Link href={header.href} className="inline-flex items-center gap-1 hover:text-slate-900">
      {label}
      {Icon && <Icon className="size-3" aria-hidden />}
      <span className="sr-only">, sort</span>
    </Link>
  );
}

"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmGroupChange } from "@/components/access/confirm-impact-dialog";
import { Button } from "@/components/ui/button";
import { ActionsTd, Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import { formatDay } from "@/lib/text/dates";
import { count } from "@/lib/text/plural";
import type { MemberDto } from "@/lib/dal/memberships";
import { previewRemoveMembersAction, removeMembersAction } from "../../actions";
import { viaScimLabel } from "@/components/memberships/via-scim";

/** One page of members, with Remove on each row and select-then-Remove for several (for actors who may). */
export function MembersTable({
  groupId,
  groupName,
  members,
  canEdit,
}: {
  groupId: string;
  groupName: string;
  members: MemberDto[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const allSelected = members.length > 0 && members.every((m) => selected.has(m.userId));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const removeDialog = (ids: string[], label: string, trigger: React.ReactNode) => (
    <ConfirmGroupChange
      trigger={trigger}
      title={`Remove ${label} from ${groupName}?`}
      description={`They lose the roles of this group, unless they hold them directly or through another group.${comesBack(
        members.filter((m) => ids.includes(m.userId)),
      )}`}
      confirmLabel="Remove"
      loadImpact={() => previewRemoveMembersAction(groupId, ids)}
      onConfirm={() => removeMembersAction(groupId, ids)}
      onDone={() => {
        toast.success(`Removed ${label} from ${groupName}.`);
        setSelected(new Set());
        router.refresh();
      }}
    />
  );
  return (
    <>
      {canEdit && (
        <div
          className="flex min-h-12 items-center gap-3 border-b border-slate-200 px-4 py-2 text-sm"
          aria-live="polite"
        >
          {selected.size > 0 ? (
            <>
              <span>{selected.size} selected</span>
              {removeDialog(
                [...selected],
                count(selected.size, "member"),
                <Button size="sm" variant="danger">
                  Remove {count(selected.size, "member")}
                </Button>,
              )}
            </>
          ) : (
            <span className="text-slate-500">Select members to remove several at once.</span>
          )}
        </div>
      )}
      <Table>
        <thead>
          <tr>
            {canEdit && (
              <Th className="w-10">
                <input
                  type="checkbox"
                  aria-label="Select all members on this page"
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(members.map((m) => m.userId)))}
                />
              </Th>
            )}
            <Th>Username</Th>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Joined</Th>
            {canEdit && (
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            )}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <Tr key={member.userId}>
              {canEdit && (
                <Td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${member.username}`}
                    checked={selected.has(member.userId)}
                    onChange={() => toggle(member.userId)}
                  />
                </Td>
              )}
              <Td>
                <Link href={`/admin/users/${member.userId}`} className={linkClass}>
                  {member.username}
                </Link>
                {member.status === "DISABLED" && <span className="ml-2 text-xs text-amber-700">disabled</span>}
              </Td>
              <Td>{member.displayName}</Td>
              <Td className="text-slate-600">{member.email}</Td>
              <Td className="text-slate-600">
                {formatDay(member.addedAt)}
                <span className="block text-xs text-slate-500">{joinedHow(member)}</span>
              </Td>
              {canEdit && (
                <ActionsTd>
                  {removeDialog(
                    [member.userId],
                    member.username,
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-red-700 hover:bg-red-50"
                      aria-label={`Remove ${member.username}`}
                    >
                      Remove
                    </Button>,
                  )}
                </ActionsTd>
              )}
            </Tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

/** Members an identity provider asserts come back at their next sign-in: say so before removing them. */
function comesBack(removing: MemberDto[]) {
  const asserted = removing.filter((m) => m.viaProvider);
  if (asserted.length === 0) return "";
  const providers = [...new Set(asserted.map((m) => m.viaProvider))].join(" and ");
  const who = asserted.length === 1 ? asserted[0]!.username : `${asserted.length} of them`;
  return ` ${providers} adds ${who} back at the next sign-in, while its mapping lists this group: to keep them out, remove the mapping on the identity provider's page instead.`;
}

/** How a membership came about: by hand, through an identity provider's groups claim, through SCIM, or several. */
function joinedHow(member: MemberDto) {
  const byHand = member.manual ? (member.addedBy ? `added by ${member.addedBy}` : "added at setup") : null;
  const viaIdp = member.viaProvider ? `via ${member.viaProvider} sign-in` : null;
  return [byHand, viaIdp, viaScimLabel(member.viaScim)].filter(Boolean).join(" · ");
}

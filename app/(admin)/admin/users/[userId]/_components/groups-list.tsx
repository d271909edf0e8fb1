"use client";
import Link from "next/link";
import { viaScimLabel } from "@/components/memberships/via-scim";
import { linkClass } from "@/components/ui/table";
import type { UserAccessDto } from "@/lib/dal/access";
import { formatWhen } from "@/lib/text/dates";
import { RemoveGroupButton } from "./remove-group-button";

/**
 * One page of the user's groups. A client component for speed, not interactivity: React sends
 * the groups' data instead of every element of every row (README, "How it is built").
 */
export function GroupsList({
  userId,
  username,
  groups,
  stageNames,
  canEdit,
}: {
  userId: string;
  username: string;
  groups: UserAccessDto["groups"];
  /** With two or more stages, each group says which stage its roles apply in. */
  stageNames: Record<string, string> | null;
  canEdit: boolean;
}) {
  return (
    <ul aria-label="Groups of the user" className="divide-y divide-slate-100">
      {groups.map((group) => (
        <li key={group.id} className="flex items-start justify-between gap-4 px-5 py-3">
          <div className="min-w-0">
            <Link href={`/admin/groups/${group.id}`} className={linkClass}>
              {group.name}
            </Link>
            <p className="text-xs break-words text-slate-500">
              {stageNames && `${stageNames[group.stageId]} · `}
              {group.description ? `${group.description} · ` : ""}member since {formatWhen(group.joinedAt)}
              {group.viaProvider &&
                (group.manual
                  ? ` · added by hand and via ${group.viaProvider}`
                  : ` · via ${group.viaProvider} sign-in`)}
              {group.viaScim !== undefined && ` · ${viaScimLabel(group.viaScim)}`}
            </p>
          </div>
          {canEdit && (
            <RemoveGroupButton
              userId={userId}
              username={username}
              groupId={group.id}
              groupName={group.name}
              assertedBy={group.viaProviderId ? { id: group.viaProviderId, name: group.viaProvider! } : null}
            />
          )}
        </li>
      ))}
    </ul>
  );
}

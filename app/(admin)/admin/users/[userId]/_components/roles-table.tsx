"use client";
import Link from "next/link";
import { Fragment } from "react";
import { Badge } from "@/components/ui/card";
import { ActionsTd, Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import type { GroupRef } from "@/lib/access/types";
import { RemoveGrantButton } from "./remove-grant-button";

/** One row of the user's effective roles, with its links worked out by the server (roles-card.tsx). */
export interface RoleRow {
  rowId: string;
  roleId: string;
  name: string;
  claim: string;
  applicationName: string;
  /** With two or more stages: the stage the role is held in. */
  stage?: { id: string; name: string };
  /** The source groups shown; `more` are left out, behind `moreHref`. */
  sources: GroupRef[];
  more: number;
  moreHref?: string;
  /** When every source is shown of a role with many: the link back to the short list. */
  fewerHref?: string;
  inheritedCount: number;
  direct: boolean;
  /** The groups a removed direct grant is still held through. */
  keptThrough: string[];
}

/**
 * The rows of the Roles card. A client component for speed, not interactivity: React sends a
 * client component's props (the rows' data) instead of every element of every row, which halved
 * the card's share of the user page's render (README, "How it is built").
 */
export function RolesTable({
  rows,
  userId,
  username,
  staged,
  canEdit,
}: {
  rows: RoleRow[];
  userId: string;
  username: string;
  staged: boolean;
  canEdit: boolean;
}) {
  return (
    <Table aria-label="Effective roles">
      <thead>
        <tr>
          <Th>Role</Th>
          {staged && <Th>Stage</Th>}
          <Th>Application</Th>
          <Th>Inherited from</Th>
          <Th>Direct</Th>
          {canEdit && (
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((role) => (
          <Tr key={role.rowId} id={role.rowId}>
            <Td>
              <span className="font-medium text-slate-900">{role.name}</span>
              <span className="block font-mono text-xs text-slate-500">{role.claim}</span>
            </Td>
            {staged && <Td className="whitespace-nowrap">{role.stage?.name}</Td>}
            <Td>{role.applicationName}</Td>
            <Td>
              {role.inheritedCount === 0 ? (
                <span className="text-slate-400">—</span>
              ) : (
                <>
                  <GroupLinks groups={role.sources} />
                  {role.moreHref && (
                    <>
                      {" and "}
                      <Link href={role.moreHref} className={linkClass}>
                        {role.more} more groups
                      </Link>
                    </>
                  )}
                  {role.fewerHref && (
                    <>
                      {" "}
                      <Link href={role.fewerHref} className="text-xs text-slate-500 hover:underline">
                        Show fewer
                      </Link>
                    </>
                  )}
                </>
              )}
            </Td>
            <Td>{role.direct ? <Badge tone="indigo">Yes</Badge> : <span className="text-slate-500">No</span>}</Td>
            {canEdit && (
              <ActionsTd className={role.direct ? "whitespace-normal" : "py-3 whitespace-normal"}>
                {role.direct ? (
                  <RemoveGrantButton
                    userId={userId}
                    username={username}
                    roleId={role.roleId}
                    roleName={role.name}
                    keptThrough={role.keptThrough}
                    stage={role.stage}
                  />
                ) : (
                  <p className="ml-auto max-w-64 text-left text-xs text-slate-500">
                    {role.inheritedCount === 1 ? (
                      // Named, not linked: the group's link is in "Inherited from", one column over.
                      <>Inherited — remove the user from {role.sources[0]?.name} or the role from that group.</>
                    ) : (
                      // The groups are named in "Inherited from"; naming them again doubled the row.
                      <>
                        Inherited from {role.inheritedCount} groups — remove the user from each of them or the role from
                        those groups.
                      </>
                    )}
                  </p>
                )}
              </ActionsTd>
            )}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function GroupLinks({ groups }: { groups: GroupRef[] }) {
  return groups.map((group, i) => (
    <Fragment key={group.id}>
      {i > 0 && ", "}
      <Link href={`/admin/groups/${group.id}`} className={linkClass}>
        {group.name}
      </Link>
    </Fragment>
  ));
}

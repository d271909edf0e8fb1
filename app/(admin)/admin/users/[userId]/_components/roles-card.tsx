import Link from "next/link";
import { Fragment } from "react";
import { Badge, Card, CardHeader, EmptyState } from "@/components/ui/card";
import { Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import type { EffectiveRoleDto } from "@/lib/dal/access";
import { AddRoleForm } from "./add-role-form";
import { RemoveGrantButton } from "./remove-grant-button";

/** Every effective role with its sources (rule 3); only direct grants can be removed here (rule 4). */
export function RolesCard({
  userId,
  username,
  roles,
  canEdit,
}: {
  userId: string;
  username: string;
  roles: EffectiveRoleDto[];
  /** May grant and remove direct grants (grants:write). */
  canEdit: boolean;
}) {
  return (
    <Card aria-labelledby="roles" className="mt-6">
      <CardHeader
        id="roles"
        title="Roles"
        description="Effective roles: granted directly, or inherited from a group."
      />
      {canEdit && (
        <div className="border-b border-slate-200 px-5 py-4">
          <AddRoleForm userId={userId} />
        </div>
      )}
      {roles.length === 0 ? (
        <EmptyState title={`${username} holds no roles.`}>
          {canEdit ? "Add them to a group, or grant a role directly above." : null}
        </EmptyState>
      ) : (
        <Table aria-label="Effective roles">
          <thead>
            <tr>
              <Th>Role</Th>
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
            {roles.map((role) => (
              <Tr key={role.roleId}>
                <Td>
                  <span className="font-medium text-slate-900">{role.name}</span>
                  <span className="block font-mono text-xs text-slate-500">{role.claim}</span>
                </Td>
                <Td>{role.applicationName}</Td>
                <Td>
                  {role.inheritedFrom.length === 0 ? (
                    <span className="text-slate-400">—</span>
                  ) : (
                    <GroupLinks groups={role.inheritedFrom} />
                  )}
                </Td>
                <Td>{role.direct ? <Badge tone="indigo">Yes</Badge> : <span className="text-slate-500">No</span>}</Td>
                {canEdit && (
                  <Td className="text-right">
                    {role.direct ? (
                      <RemoveGrantButton
                        userId={userId}
                        username={username}
                        roleId={role.roleId}
                        roleName={role.name}
                        keptThrough={role.inheritedFrom.map((g) => g.name)}
                      />
                    ) : (
                      <p className="ml-auto max-w-64 text-left text-xs text-slate-500">
                        Inherited — remove the user from <GroupLinks groups={role.inheritedFrom} joiner="or" /> or the
                        role from {role.inheritedFrom.length === 1 ? "that group" : "those groups"}.
                      </p>
                    )}
                  </Td>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function GroupLinks({ groups, joiner = "," }: { groups: { id: string; name: string }[]; joiner?: "," | "or" }) {
  return groups.map((group, i) => (
    <Fragment key={group.id}>
      {i > 0 && (joiner === "," ? ", " : i === groups.length - 1 ? " or " : ", ")}
      <Link href={`/admin/groups/${group.id}`} className={linkClass}>
        {group.name}
      </Link>
    </Fragment>
  ));
}

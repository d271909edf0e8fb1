"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmImpactDialog } from "@/components/access/confirm-impact-dialog";
import { Button } from "@/components/ui/button";
import type { UserDeletionImpact } from "@/lib/dal/user-deletion";
import { deleteUserAction, previewDeleteUserAction } from "../actions";

/** Delete user: loads what the user loses (groups, roles, tokens) first, then asks; refuses the impossible. */
export function DeleteUserButton({ userId, username }: { userId: string; username: string }) {
  const router = useRouter();
  return (
    <ConfirmImpactDialog
      trigger={
        <Button variant="ghost" className="text-red-700">
          Delete user
        </Button>
      }
      title={`Delete user ${username}?`}
      description="The user, their group memberships, direct roles, linked identities and API tokens are removed. The audit log keeps their name. This cannot be undone."
      confirmLabel="Delete user"
      loadImpact={() => previewDeleteUserAction(userId)}
      renderImpact={(impact) => <UserDeletionSummary impact={impact} />}
      isBlocked={(impact) => impact.isSelf || impact.removesLastAdmin}
      onConfirm={() => deleteUserAction(userId)}
      onDone={() => {
        toast.success(`User ${username} was deleted.`);
        router.push("/admin/users");
      }}
    />
  );
}

function UserDeletionSummary({ impact }: { impact: UserDeletionImpact }) {
  if (impact.isSelf || impact.removesLastAdmin) {
    return (
      <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        {impact.isSelf
          ? "This is your own account: another administrator has to delete it."
          : "This is the last administrator: give someone else the Administrator role first."}
      </p>
    );
  }
  const more = (shown: number, all: number) => (all > shown ? ` and ${all - shown} more` : "");
  return (
    <div className="space-y-2 text-sm text-slate-700">
      {impact.groupCount === 0 ? (
        <p>{impact.username} is in no group.</p>
      ) : (
        <p>
          Leaves <strong className="font-semibold text-slate-900">{count(impact.groupCount, "group")}</strong>:{" "}
          {impact.groups.map((g) => g.name).join(", ")}
          {more(impact.groups.length, impact.groupCount)}.
        </p>
      )}
      {impact.roleCount === 0 ? (
        <p>Holds no role.</p>
      ) : (
        <div>
          <p>
            Loses <strong className="font-semibold text-slate-900">{count(impact.roleCount, "role")}</strong>:
          </p>
          <ul className="mt-1 max-h-48 list-disc space-y-0.5 overflow-y-auto pl-5">
            {impact.roles.map((role) => (
              <li key={`${role.applicationName}:${role.roleName}`}>
                {role.roleName}{" "}
                <span className="text-slate-500">
                  ({role.applicationName}; {role.via.join(", ")})
                </span>
              </li>
            ))}
          </ul>
          {impact.roleCount > impact.roles.length && <p>…{more(impact.roles.length, impact.roleCount)}.</p>}
        </div>
      )}
      {impact.identityCount > 0 && <p>{count(impact.identityCount, "linked identity")} will be unlinked.</p>}
      {impact.activeTokenCount > 0 && (
        <p>{count(impact.activeTokenCount, "API token")} they created will stop working.</p>
      )}
    </div>
  );
}

function count(n: number, word: string) {
  if (n === 1) return `1 ${word}`;
  return `${n.toLocaleString("en")} ${word.endsWith("y") ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

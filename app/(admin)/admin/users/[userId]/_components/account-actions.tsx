"use client";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { setUserStatusAction, signOutEverywhereAction } from "../actions";
import { DeleteUserButton } from "./delete-user-button";
import { SetPasswordDialog } from "./set-password-dialog";

export function AccountActions({
  userId,
  username,
  status,
  isSelf,
}: {
  userId: string;
  username: string;
  status: "ACTIVE" | "DISABLED";
  isSelf: boolean;
}) {
  const disabling = status === "ACTIVE";
  return (
    <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-4">
      <SetPasswordDialog userId={userId} username={username} />
      <ConfirmDialog
        trigger={<Button variant="secondary">Sign out everywhere</Button>}
        title={`Sign ${username} out everywhere?`}
        description={`${username} is signed out of Gatehouse at their next request, and the applications they signed in to through Gatehouse can no longer refresh their tokens.`}
        confirmLabel="Sign out everywhere"
        variant="primary"
        onConfirm={async () => {
          const result = await signOutEverywhereAction(userId);
          if (!result.ok) {
            toast.error(result.error);
            return false;
          }
          toast.success(`${username} was signed out everywhere.`);
          return true;
        }}
      />
      <ConfirmDialog
        trigger={<Button variant={disabling ? "secondary" : "primary"}>{disabling ? "Disable" : "Enable"}</Button>}
        title={disabling ? `Disable ${username}?` : `Enable ${username}?`}
        description={
          disabling
            ? `${username} is signed out at their next request and cannot sign in until enabled again. Their groups and roles stay as they are.`
            : `${username} can sign in again with their password, and gets back the access they hold now.`
        }
        confirmLabel={disabling ? "Disable user" : "Enable user"}
        variant={disabling ? "danger" : "primary"}
        onConfirm={async () => {
          const result = await setUserStatusAction(userId, disabling ? "DISABLED" : "ACTIVE");
          if (!result.ok) {
            toast.error(result.error);
            return false;
          }
          toast.success(`${username} was ${disabling ? "disabled" : "enabled"}.`);
          return true;
        }}
      >
        {disabling && isSelf && (
          <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This is your own account: you will be signed out.
          </p>
        )}
      </ConfirmDialog>
      <DeleteUserButton userId={userId} username={username} />
    </div>
  );
}

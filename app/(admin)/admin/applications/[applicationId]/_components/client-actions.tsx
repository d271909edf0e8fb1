"use client";
import { Pencil, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { StageRef } from "@/lib/access/stages";
import type { ClientDto } from "@/lib/dal/oidc-clients";
import { deleteClientAction, regenerateClientSecretAction, updateClientAction } from "../../actions";
import { ClientFormDialog } from "./client-form-dialog";
import { SecretDialog } from "./secret-dialog";

/** Edit, regenerate the secret, delete: one row's actions. */
export function ClientActions({ client, stages }: { client: ClientDto; stages: readonly StageRef[] }) {
  const [secret, setSecret] = useState<string | null>(null);
  const defaults = {
    name: client.name,
    type: client.type,
    redirectUris: client.redirectUris.join("\n"),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join("\n"),
    backchannelLogoutUri: client.backchannelLogoutUri,
    assignmentRequired: client.assignmentRequired,
    thirdParty: client.thirdParty,
    tokenTtlMinutes: client.tokenTtlMinutes,
    stageId: client.stage.id,
  };
  return (
    <div className="flex justify-end gap-1">
      <ClientFormDialog
        mode="edit"
        defaults={defaults}
        stages={stages}
        save={updateClientAction.bind(null, client.id)}
        trigger={
          <Button variant="ghost" size="icon" aria-label={`Edit ${client.name}`}>
            <Pencil className="size-4" aria-hidden />
          </Button>
        }
      />
      {client.type === "CONFIDENTIAL" && (
        <ConfirmDialog
          variant="primary"
          title={`Regenerate the secret of ${client.name}?`}
          description="The current secret stops working at once: the application signs nobody in until it has the new one."
          confirmLabel="Regenerate secret"
          trigger={
            <Button variant="ghost" size="icon" aria-label={`Regenerate the secret of ${client.name}`}>
              <RefreshCw className="size-4" aria-hidden />
            </Button>
          }
          onConfirm={async () => {
            const result = await regenerateClientSecretAction(client.id);
            if (!result.ok) {
              toast.error(result.error);
              return false;
            }
            setSecret(result.data.clientSecret);
            return true;
          }}
        />
      )}
      <ConfirmDialog
        title={`Delete ${client.name}?`}
        description="The application can no longer sign anyone in through this client, and every token issued to it stops refreshing."
        confirmLabel="Delete client"
        trigger={
          <Button variant="ghost" size="icon" aria-label={`Delete ${client.name}`}>
            <Trash2 className="size-4" aria-hidden />
          </Button>
        }
        onConfirm={async () => {
          const result = await deleteClientAction(client.id);
          if (!result.ok) {
            toast.error(result.error);
            return false;
          }
          toast.success(`Sign-in client ${client.name} was deleted.`);
          return true;
        }}
      />
      {secret && (
        <SecretDialog
          title="New client secret"
          clientId={client.clientId}
          clientSecret={secret}
          onClose={() => setSecret(null)}
        />
      )}
    </div>
  );
}

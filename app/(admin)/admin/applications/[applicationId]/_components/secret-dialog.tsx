"use client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";

/** The client id and, once and only once, its secret. */
export function SecretDialog({
  title,
  clientId,
  clientSecret,
  onClose,
}: {
  title: string;
  clientId: string;
  clientSecret: string | null;
  onClose: () => void;
}) {
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={title}
        description={
          clientSecret
            ? "Copy the secret now: Gatehouse keeps only a hash of it and cannot show it again."
            : "A public client has no secret: it proves itself with PKCE."
        }
      >
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="font-medium text-slate-700">Client id</dt>
            <dd>
              <code className="block rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all">{clientId}</code>
            </dd>
          </div>
          {clientSecret && (
            <div>
              <dt className="font-medium text-slate-700">Client secret</dt>
              <dd>
                <code
                  data-testid="client-secret"
                  className="block rounded bg-amber-50 px-2 py-1 font-mono text-xs break-all text-amber-900"
                >
                  {clientSecret}
                </code>
              </dd>
            </div>
          )}
        </dl>
        <DialogFooter>
          <Button type="button" onClick={onClose}>
            Done
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

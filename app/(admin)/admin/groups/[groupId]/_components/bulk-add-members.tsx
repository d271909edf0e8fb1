"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field, Textarea, fieldProps } from "@/components/ui/field";
import type { AddMembersResult } from "@/lib/dal/memberships";
import { addMembersByLoginAction } from "../../actions";

/** Paste usernames or emails; the result says who was added, who already was a member, and what was not found. */
export function BulkAddMembers({ groupId, groupName }: { groupId: string; groupName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<AddMembersResult>();
  const [pending, startTransition] = useTransition();
  const submit = () =>
    startTransition(async () => {
      const response = await addMembersByLoginAction(groupId, text);
      if (!response.ok) return setError(response.error);
      setError(undefined);
      setResult(response.data);
      setText("");
      router.refresh();
    });
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) setResult(undefined);
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary">Add members</Button>
      </DialogTrigger>
      <DialogContent
        title={`Add members to ${groupName}`}
        description="Paste usernames or emails, one per line or separated by commas."
      >
        <Field id="bulk-logins" label="Usernames or emails" error={error}>
          <Textarea
            rows={6}
            value={text}
            onChange={(e) => setText(e.target.value)}
            {...fieldProps("bulk-logins", error)}
          />
        </Field>
        {result && (
          <div role="status" className="mt-4 space-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm">
            <ResultLine label="Added" names={result.added} />
            <ResultLine label="Already members" names={result.alreadyMembers} />
            <ResultLine label="Not found" names={result.unknown} tone="text-red-700" />
          </div>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">{result ? "Done" : "Cancel"}</Button>
          </DialogClose>
          <Button onClick={submit} pending={pending} disabled={!text.trim()}>
            Add
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function ResultLine({ label, names, tone = "text-slate-800" }: { label: string; names: string[]; tone?: string }) {
  if (names.length === 0) return null;
  return (
    <p className={tone}>
      <span className="font-medium">
        {label} ({names.length}):
      </span>{" "}
      {names.join(", ")}
    </p>
  );
}

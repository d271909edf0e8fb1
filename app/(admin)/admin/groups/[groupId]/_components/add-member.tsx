"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { SinglePicker, searchUrl } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import { addMembersAction } from "../../actions";

/** Add one member: search by username, name or email, then Add. */
export function AddMember({ groupId, groupName }: { groupId: string; groupName: string }) {
  const router = useRouter();
  const [user, setUser] = useState<PickerOption | null>(null);
  const [pending, startTransition] = useTransition();
  const add = () =>
    startTransition(async () => {
      if (!user) return;
      const result = await addMembersAction(groupId, [user.id]);
      if (!result.ok) return void toast.error(result.error);
      if (result.data.added.length) toast.success(`Added ${user.label} to ${groupName}.`);
      else toast.info(`${user.label} is already a member.`);
      setUser(null);
      router.refresh();
    });
  return (
    <div className="flex items-start gap-2">
      <SinglePicker
        id="add-member"
        label="Add a member by username"
        placeholder="Add a member: search username, name or email"
        source={searchUrl("users", { notInGroupId: groupId })}
        value={user}
        onChange={setUser}
      />
      <Button onClick={add} pending={pending} disabled={!user}>
        Add
      </Button>
    </div>
  );
}

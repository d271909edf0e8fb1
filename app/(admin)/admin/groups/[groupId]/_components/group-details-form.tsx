"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { showActionError } from "@/components/forms/show-action-error";
import { Button } from "@/components/ui/button";
import { updateGroupSchema, type UpdateGroupInput } from "@/lib/schemas/groups";
import { NameDescriptionFields } from "@/components/catalog/fields";
import { updateGroupAction } from "../../actions";

export function GroupDetailsForm({ groupId, initial }: { groupId: string; initial: UpdateGroupInput }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<UpdateGroupInput>({ resolver: zodResolver(updateGroupSchema), defaultValues: initial });
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await updateGroupAction(groupId, values);
      if (result.ok) {
        form.reset(values);
        toast.success("The group was saved.");
        router.refresh();
      } else showActionError(result, form);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 px-5 py-4">
      <NameDescriptionFields
        register={(n) => form.register(n)}
        errors={form.formState.errors}
        prefix="group"
        descriptionHint="Optional. What the group is for."
      />
      <div className="flex justify-end">
        <Button type="submit" pending={pending}>
          Save
        </Button>
      </div>
    </form>
  );
}

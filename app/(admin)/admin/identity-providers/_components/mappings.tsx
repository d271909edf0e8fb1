"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { AsyncPicker, searchUrl } from "@/components/pickers/async-picker";
import type { PickerOption } from "@/components/pickers/types";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Field, Input, fieldProps } from "@/components/ui/field";
import { ActionsTd, Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import type { MappingDto } from "@/lib/dal/identity-providers";
import { addMappingAction, removeMappingAction } from "../actions";

/**
 * IdP group value → Gatehouse groups; applied at each user's next sign-in through the provider.
 * Adding and removing are shown only to actors who may change providers (canEdit).
 */
export function Mappings({
  providerId,
  mappings,
  canEdit,
  showStages = false,
}: {
  providerId: string;
  mappings: MappingDto[];
  canEdit: boolean;
  /** With two or more stages: the stage of each target group (the group picker names it too). */
  showStages?: boolean;
}) {
  const router = useRouter();
  const [value, setValue] = useState("");
  const [groups, setGroups] = useState<PickerOption[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const add = () =>
    startTransition(async () => {
      const result = await addMappingAction(providerId, { value, groupIds: groups.map((g) => g.id) });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        if (!result.fieldErrors) toast.error(result.error);
        return;
      }
      setErrors({});
      toast.success(`Mapped “${value.trim()}” to ${groups.map((g) => g.label).join(", ")}.`);
      setValue("");
      setGroups([]);
      router.refresh();
    });
  const remove = (mapping: MappingDto) =>
    startTransition(async () => {
      const result = await removeMappingAction(providerId, mapping.id);
      if (!result.ok) return void toast.error(result.error);
      toast.success(`Removed the mapping of “${mapping.value}” to ${mapping.groupName}.`);
      router.refresh();
    });
  return (
    <>
      {canEdit && (
        <div className="grid gap-3 border-b border-slate-200 px-5 py-4 sm:grid-cols-[1fr_1.4fr_auto] sm:items-start">
          <Field id="mapping-value" label="IdP group value" error={errors.value}>
            <Input
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder="e.g. marketing-team"
              {...fieldProps("mapping-value", errors.value)}
            />
          </Field>
          <div className="space-y-1.5">
            <label htmlFor="mapping-groups" className="block text-sm font-medium text-slate-800">
              Gatehouse groups
            </label>
            <AsyncPicker
              id="mapping-groups"
              label="Gatehouse groups"
              placeholder="Search groups"
              source={searchUrl("groups")}
              value={groups}
              onChange={setGroups}
              invalid={Boolean(errors.groupIds)}
            />
            {errors.groupIds && <p className="text-sm text-red-700">{errors.groupIds}</p>}
          </div>
          <Button className="sm:mt-7" onClick={add} pending={pending} disabled={!value.trim() || groups.length === 0}>
            Add mapping
          </Button>
        </div>
      )}
      {mappings.length === 0 ? (
        <EmptyState title="No group mappings yet.">
          Users who sign in through this provider join no group until its group values are mapped.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>IdP group value</Th>
              <Th>Gatehouse group</Th>
              {showStages && <Th>Stage</Th>}
              {canEdit && (
                <Th className="text-right">
                  <span className="sr-only">Actions</span>
                </Th>
              )}
            </tr>
          </thead>
          <tbody>
            {mappings.map((m) => (
              <Tr key={m.id}>
                <Td className="font-mono text-sm">{m.value}</Td>
                <Td>
                  <Link href={`/admin/groups/${m.groupId}`} className={linkClass}>
                    {m.groupName}
                  </Link>
                </Td>
                {showStages && <Td>{m.stageName}</Td>}
                {canEdit && (
                  <ActionsTd>
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-red-700"
                      onClick={() => remove(m)}
                      disabled={pending}
                      aria-label={`Remove mapping ${m.value} to ${m.groupName}`}
                    >
                      Remove
                    </Button>
                  </ActionsTd>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

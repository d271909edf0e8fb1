import type { Metadata } from "next";
import { count } from "@/lib/text/plural";
import Link from "next/link";
import { EditDetailsDialog } from "@/components/catalog/edit-details-dialog";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { listStages } from "@/lib/dal/stages";
import { updateStageAction } from "./actions";
import { CreateStageDialog } from "./_components/create-stage-dialog";
import { DeleteStageButton, MoveStageButtons } from "./_components/stage-row-actions";

export const metadata: Metadata = { title: "Stages" };

export default async function StagesPage() {
  const actor = await requirePage("/admin/stages");
  const canEdit = can(actor, "stages:write");
  const stages = await listStages(actor);
  return (
    <>
      <PageHeader
        title="Stages"
        description="The environments your applications run in, such as Development, QA and Production. Each group belongs to one stage and its roles apply only there; a direct grant is made in one stage. While there is only one stage, no other screen mentions stages."
        actions={canEdit ? <CreateStageDialog /> : undefined}
      />
      <Card aria-label="Stages">
        <Table>
          <thead>
            <tr>
              <Th>Stage</Th>
              <Th>Description</Th>
              <Th className="text-right">Groups</Th>
              <Th className="text-right">Direct grants</Th>
              {canEdit && <Th className="text-right">Actions</Th>}
            </tr>
          </thead>
          <tbody>
            {stages.map((stage, i) => {
              const uses = [
                stage.groupCount > 0 ? count(stage.groupCount, "group") : "",
                stage.grantCount > 0 ? count(stage.grantCount, "direct grant") : "",
              ].filter(Boolean);
              return (
                <Tr key={stage.id}>
                  <Td>
                    <span className="font-medium text-slate-900">{stage.name}</span>
                    {stage.isDefault && (
                      <Badge className="ml-2" tone="amber">
                        Default
                      </Badge>
                    )}
                    <span className="block font-mono text-xs text-slate-500">{stage.key}</span>
                  </Td>
                  <Td className="max-w-md">{stage.description || <span className="text-slate-400">—</span>}</Td>
                  <Td className="text-right tabular-nums">
                    {stages.length > 1 ? (
                      <Link
                        href={`/admin/groups?stage=${encodeURIComponent(stage.key)}`}
                        className={linkClass}
                        aria-label={`${count(stage.groupCount, "group")} in ${stage.name}`}
                      >
                        {stage.groupCount}
                      </Link>
                    ) : (
                      stage.groupCount
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{stage.grantCount}</Td>
                  {canEdit && (
                    <Td>
                      <div className="flex items-center justify-end gap-1">
                        <MoveStageButtons
                          stageId={stage.id}
                          name={stage.name}
                          first={i === 0}
                          last={i === stages.length - 1}
                        />
                        <EditDetailsDialog
                          what="stage"
                          keyValue={stage.key}
                          defaults={{ name: stage.name, description: stage.description }}
                          save={updateStageAction.bind(null, stage.id)}
                        />
                        {stage.isDefault ? (
                          // Keeps the columns of buttons aligned: the default stage has no Delete.
                          <span aria-hidden className="invisible px-3 text-sm">
                            Delete
                          </span>
                        ) : (
                          <DeleteStageButton
                            stageId={stage.id}
                            name={stage.name}
                            inUse={uses.length > 0 ? uses.join(" and ") : null}
                          />
                        )}
                      </div>
                    </Td>
                  )}
                </Tr>
              );
            })}
          </tbody>
        </Table>
        <p className="border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
          The default stage holds Gatehouse&apos;s own roles (Administrator, Auditor) and answers{" "}
          <code className="font-mono text-xs">/api/me</code> when no <code className="font-mono text-xs">?stage=</code>{" "}
          is given. It cannot be deleted.
        </p>
      </Card>
    </>
  );
}

"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { createStage, deleteStage, moveStage, updateStage } from "@/lib/dal/stages";

// Stages show on most admin screens (a column and a filter once there are two): refresh them all.
const refresh = () => revalidatePath("/admin", "layout");

export async function createStageAction(input: unknown) {
  const result = await runAction("stages:write", (actor) => createStage(actor, input));
  if (result.ok) refresh();
  return result;
}

export async function updateStageAction(stageId: string, input: unknown) {
  const result = await runAction("stages:write", (actor) => updateStage(actor, stageId, input));
  if (result.ok) refresh();
  return result;
}

export async function moveStageAction(input: unknown) {
  const result = await runAction("stages:write", (actor) => moveStage(actor, input));
  if (result.ok) refresh();
  return result;
}

export async function deleteStageAction(stageId: string) {
  const result = await runAction("stages:write", (actor) => deleteStage(actor, stageId));
  if (result.ok) refresh();
  return result;
}

import "server-only";
import type { StageRef } from "@/lib/access/stages";
import { AppError } from "@/lib/dal/errors";
import { readRequestAccess } from "@/lib/dal/request-access";

/**
 * The stage a JSON request asks about: `?stage=<key>`, the default stage when absent. Resolved
 * from the request's one read of its user (which carries every stage). Unknown: 400 that says so.
 */
export async function stageParam(url: URL, userId: string): Promise<StageRef> {
  const access = await readRequestAccess(userId);
  if (!access) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const key = url.searchParams.get("stage");
  if (key === null || key === "") return access.defaultStage;
  const stage = access.stages.find((s) => s.key === key.toLowerCase());
  if (!stage) {
    const known = access.stages.map((s) => s.key).join(", ");
    throw new AppError("INVALID", `Unknown stage "${key.slice(0, 64)}". Known stages: ${known}.`);
  }
  return stage;
}

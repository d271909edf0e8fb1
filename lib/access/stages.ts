import { PORTAL_APP_KEY } from "./permissions";

/** A stage as the rules and screens need it. */
export interface StageRef {
  id: string;
  key: string;
  name: string;
  isDefault: boolean;
}

/** Progressive disclosure: while the default stage is the only one, no screen mentions stages. */
export function showsStages(stages: readonly unknown[]): boolean {
  return stages.length > 1;
}

/**
 * Rule 11: Gatehouse's own roles (Administrator, Auditor) count only in the default stage, so they
 * may be granted only there.
 */
export function mayHoldInStage(applicationKey: string, stage: Pick<StageRef, "isDefault">): boolean {
  return applicationKey !== PORTAL_APP_KEY || stage.isDefault;
}

/** " in QA" when stages are shown, else nothing: for sentences that name the stage of a change. */
export function inStage(stageName: string | null | undefined, stageCount: number): string {
  return stageName && stageCount > 1 ? ` in ${stageName}` : "";
}

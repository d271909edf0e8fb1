export * from "./types";
export { effectiveRoles, isOnlyInherited } from "./effective-roles";
export { applyChange, stageOfGroup, stagesIn, userGrantsFrom, usersIn } from "./state";
export { impactOf, holdersAfter, type UserImpact } from "./impact";
export * from "./permissions";
export * from "./stages";

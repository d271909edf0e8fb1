export * from "./types";
export { effectiveRoles, isOnlyInherited } from "./effective-roles";
export { applyChange, userGrantsFrom, usersIn } from "./state";
export { impactOf, holdersAfter, type UserImpact } from "./impact";
export * from "./permissions";

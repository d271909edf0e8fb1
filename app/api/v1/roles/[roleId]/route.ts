import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET getRole (roles:read); PATCH updateRole (roles:write); DELETE deleteRole (roles:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/roles/[roleId]");
export const GET = handlers.GET!;
export const PATCH = handlers.PATCH!;
export const DELETE = handlers.DELETE!;

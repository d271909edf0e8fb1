import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET getGroup (groups:read); PATCH updateGroup (groups:write); DELETE deleteGroup (groups:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/groups/[groupId]");
export const GET = handlers.GET!;
export const PATCH = handlers.PATCH!;
export const DELETE = handlers.DELETE!;

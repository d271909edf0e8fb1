import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET getApplication (roles:read); PATCH updateApplication (roles:write); DELETE deleteApplication (roles:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/applications/[applicationId]");
export const GET = handlers.GET!;
export const PATCH = handlers.PATCH!;
export const DELETE = handlers.DELETE!;

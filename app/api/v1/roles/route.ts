import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET listRoles (roles:read); POST createRole (roles:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/roles");
export const GET = handlers.GET!;
export const POST = handlers.POST!;

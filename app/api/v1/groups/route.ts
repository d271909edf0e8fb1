import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET listGroups (groups:read); POST createGroup (groups:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/groups");
export const GET = handlers.GET!;
export const POST = handlers.POST!;

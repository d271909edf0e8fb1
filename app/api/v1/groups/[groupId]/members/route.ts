import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET listMembers (groups:read); POST addMembers (members:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/groups/[groupId]/members");
export const GET = handlers.GET!;
export const POST = handlers.POST!;

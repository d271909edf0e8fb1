import { apiV1Handlers } from "@/lib/api/v1/handler";

// POST removeMembers (members:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/groups/[groupId]/members/remove");
export const POST = handlers.POST!;

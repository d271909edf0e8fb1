import { apiV1Handlers } from "@/lib/api/v1/handler";

// POST addDirectGrants (grants:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/users/[userId]/grants");
export const POST = handlers.POST!;

import { apiV1Handlers } from "@/lib/api/v1/handler";

// DELETE removeGroupRole (grants:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/groups/[groupId]/roles/[roleId]");
export const DELETE = handlers.DELETE!;

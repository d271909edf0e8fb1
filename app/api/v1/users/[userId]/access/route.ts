import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET getUserAccess (users:read): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/users/[userId]/access");
export const GET = handlers.GET!;

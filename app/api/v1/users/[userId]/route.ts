import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET getUser (users:read); PATCH updateUser (users:write); DELETE deleteUser (users:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/users/[userId]");
export const GET = handlers.GET!;
export const PATCH = handlers.PATCH!;
export const DELETE = handlers.DELETE!;

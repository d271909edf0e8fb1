import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET listUsers (users:read); POST createUser (users:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/users");
export const GET = handlers.GET!;
export const POST = handlers.POST!;

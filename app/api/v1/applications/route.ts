import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET listApplications (roles:read); POST createApplication (roles:write): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/applications");
export const GET = handlers.GET!;
export const POST = handlers.POST!;

import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET listAuditEvents (audit:read): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/audit-events");
export const GET = handlers.GET!;

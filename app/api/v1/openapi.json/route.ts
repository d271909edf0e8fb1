import { apiV1Handlers } from "@/lib/api/v1/handler";

// GET getOpenApiDocument (public): lib/access/api-v1.ts
const handlers = apiV1Handlers("/api/v1/openapi.json");
export const GET = handlers.GET!;

import { defineConfig } from "prisma/config";

// DATABASE_URL is set by scripts/with-db.mjs (embedded PostgreSQL) or by the
// environment (any PostgreSQL). Commands that need no database (generate, diff)
// run without it.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

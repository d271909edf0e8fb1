import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

function createClient() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` (embedded PostgreSQL) or set DATABASE_URL.",
    );
  }
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

type Client = ReturnType<typeof createClient>;
const globalForDb = globalThis as unknown as { gatehouseDb?: Client };

function client(): Client {
  // One client per process; created on first use so that `next build` needs no database.
  globalForDb.gatehouseDb ??= createClient();
  return globalForDb.gatehouseDb;
}

export const db: Client = new Proxy({} as Client, {
  get(_, property) {
    const target = client();
    const value = Reflect.get(target, property);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

export type Tx = Parameters<Parameters<Client["$transaction"]>[0]>[0];

import { createServer } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE, credentialsErrorMessage, refusalCode } from "@/lib/auth/sign-in-messages";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createUser } from "@/lib/testing/factories";
import { db } from "./db";
import { isDatabaseUnavailable } from "./errors";
import { SignInRefusal, signInWithPassword } from "./password-sign-in";

/** A port nothing listens on: connections to it are refused, as when PostgreSQL is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const globals = globalThis as unknown as { gatehouseDb?: unknown; gatehouseLimiterPool?: Pool };
let deadUrl = "";
let saved: { db?: unknown; pool?: Pool } = {};

/** Runs `work` with the DAL's Prisma client and the limiter's pool both pointed at the dead port. */
async function withDatabaseDown<T>(work: () => Promise<T>): Promise<T> {
  saved = { db: globals.gatehouseDb, pool: globals.gatehouseLimiterPool };
  const deadDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: deadUrl }) });
  const deadPool = new Pool({ connectionString: deadUrl, connectionTimeoutMillis: 2_000 });
  globals.gatehouseDb = deadDb;
  globals.gatehouseLimiterPool = deadPool;
  try {
    return await work();
  } finally {
    globals.gatehouseDb = saved.db;
    globals.gatehouseLimiterPool = saved.pool;
    await deadDb.$disconnect().catch(() => {});
    await deadPool.end().catch(() => {});
  }
}

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1/gatehouse");
  url.hostname = "127.0.0.1";
  url.port = String(await closedPort());
  deadUrl = url.toString();
});
afterAll(() => {
  globals.gatehouseDb = saved.db;
});

describe("password sign-in while the database is unreachable", () => {
  it("is refused as 'unavailable' with its own message, never as a wrong password", async () => {
    const user = await createUser();
    const error = await withDatabaseDown(() => signInWithPassword(user.username, "whatever", "192.0.2.1")).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SignInRefusal);
    expect((error as SignInRefusal).reason).toBe("unavailable");
    expect(credentialsErrorMessage(refusalCode(error as SignInRefusal))).toBe(DATABASE_UNAVAILABLE);
    expect(DATABASE_UNAVAILABLE).toBe("Gatehouse can't reach its database right now. Try again in a moment.");
  });

  it("recognises the errors Prisma (adapter-pg) and pg raise for a refused connection", async () => {
    const prismaError = await withDatabaseDown(() => db.user.findFirst()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(prismaError).not.toBeNull();
    expect(isDatabaseUnavailable(prismaError)).toBe(true);
    const pool = new Pool({ connectionString: deadUrl });
    const pgError = await pool.query("SELECT 1").then(
      () => null,
      (e: unknown) => e,
    );
    await pool.end();
    expect(isDatabaseUnavailable(pgError)).toBe(true);
  });

  it("does not mistake an ordinary query error for an outage", async () => {
    const error = await db.$queryRaw`SELECT * FROM "NoSuchTable"`.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(error)).toBe(false);
    const user = await createUser();
    const duplicate = await createUser({ username: user.username }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
  });
});

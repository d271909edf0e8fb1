export type AppErrorCode = "UNAUTHENTICATED" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID";

/** The one error the DAL throws on purpose. Its message is safe to show to the user. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} was not found.`);
export const forbidden = (message = "You are not allowed to do that.") => new AppError("FORBIDDEN", message);
export const conflict = (message: string, field?: string) =>
  new AppError("CONFLICT", message, field ? { [field]: message } : undefined);
export const invalid = (message: string, fieldErrors?: Record<string, string>) =>
  new AppError("INVALID", message, fieldErrors);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Prisma/adapter-pg unique violation (P2002). adapter-pg carries no `meta.target`, so match on the code. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002"
  );
}

// Socket errors (node, pg), PostgreSQL SQLSTATEs and Prisma codes that mean "the database is not
// there right now", as opposed to a bug or a refused query.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down, recovery)
  "53300", // too_many_connections
  "P1001", // can't reach database server
  "P1002", // database server timed out
  "P1017", // server closed the connection
]);
// adapter-pg's names for the socket errors above (DriverAdapterError.cause.kind).
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Can't reach database server|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i;

/**
 * True when an error (from Prisma, adapter-pg, pg or the network) means the database cannot be
 * reached at the moment: the caller should answer "service unavailable", not "wrong input" or 500.
 * Walks `.cause`, Prisma's `meta.driverAdapterError` and AggregateError's `.errors`, since each layer
 * wraps the socket error differently.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const e = current as Record<string, unknown>;
    for (const key of ["code", "errorCode", "originalCode"]) {
      if (typeof e[key] === "string" && UNAVAILABLE_CODES.has(e[key])) return true;
    }
    if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    const meta = e.meta as Record<string, unknown> | undefined;
    queue.push(e.cause, meta?.driverAdapterError);
    if (Array.isArray(e.errors)) queue.push(...e.errors);
  }
  return false;
}

/**
 * True when PostgreSQL aborted the transaction to break a deadlock (SQLSTATE 40P01): two writes
 * on different objects updated overlapping rows (say, the memberships of shared members) in
 * different orders. The transaction rolled back whole and can simply run again.
 */
export function isDeadlock(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const e = current as Record<string, unknown>;
    for (const key of ["code", "errorCode", "originalCode"]) if (e[key] === "40P01") return true;
    if (typeof e.message === "string" && /deadlock detected/i.test(e.message)) return true;
    const meta = e.meta as Record<string, unknown> | undefined;
    queue.push(e.cause, meta?.driverAdapterError);
  }
  return false;
}

/** A request that cannot tell who is signed in because the database is away: not a signed-out person. */
export class DatabaseUnavailableError extends Error {
  constructor() {
    super("Gatehouse can't reach its database.");
    this.name = "DatabaseUnavailableError";
  }
}

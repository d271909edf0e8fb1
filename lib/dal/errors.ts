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

import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/dal/errors";

/** For pages: a DAL "not found" (missing or out-of-reach id) renders the 404 page instead of an error. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

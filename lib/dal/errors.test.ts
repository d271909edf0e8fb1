import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";

const withCode = (code: string, message = "boom") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a refused socket", withCode("ECONNREFUSED")],
    ["a reset socket", withCode("ECONNRESET")],
    ["a timeout", withCode("ETIMEDOUT")],
    ["an unknown host", withCode("ENOTFOUND")],
    ["an administrator shutdown", withCode("57P01")],
    ["a server that cannot accept connections now", withCode("57P03")],
    ["Prisma P1001", withCode("P1001")],
    ["Prisma P1002", withCode("P1002")],
    ["Prisma P1017", withCode("P1017")],
    ["Prisma's initialization error", Object.assign(new Error("x"), { errorCode: "P1001" })],
    ["pg's terminated connection", new Error("Connection terminated unexpectedly")],
    ["a DriverAdapterError", Object.assign(new Error("x"), { cause: { kind: "DatabaseNotReachable" } })],
    [
      "a Prisma error carrying the adapter error",
      Object.assign(new Error("x"), {
        code: "P2010",
        meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } },
      }),
    ],
    ["a deep cause chain", new Error("a", { cause: new Error("b", { cause: withCode("ECONNREFUSED") }) })],
    ["an AggregateError of connect attempts", new AggregateError([withCode("ECONNREFUSED")], "")],
  ])("is true for %s", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", withCode("P2002")],
    ["a syntax error", withCode("42601")],
    ["a plain error", new Error("Something else")],
    ["null", null],
    ["a string", "ECONNREFUSED"],
  ])("is false for %s", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("terminates on a cyclic cause", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

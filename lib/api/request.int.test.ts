/**
 * The request pipeline the REST API and SCIM share (lib/api/request.ts): bounded body reading,
 * JSON parsing, bearer authentication and the failures each protocol renders in its own format.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { DatabaseUnavailableError } from "@/lib/dal/errors";
import { adminActor, createApiToken, resetDatabase } from "@/lib/testing/factories";
import {
  apiRequest,
  bearerActor,
  parseJsonBody,
  readBodyText,
  RequestFailureError,
  type Protocol,
  type RequestFailure,
} from "./request";

const failureOf = async (promise: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof RequestFailureError) return error.failure;
    throw error;
  }
  return null;
};

/** A body sent in chunks, without Content-Length (as a chunked upload arrives). */
function streamed(chunks: string[], type = "application/json") {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Request("http://x/", {
    method: "POST",
    body,
    headers: { "content-type": type },
    duplex: "half",
  } as RequestInit);
}

describe("readBodyText and parseJsonBody", () => {
  it("counts bytes while reading: a streamed body over the limit is too large whatever Content-Length says", async () => {
    expect(await readBodyText(streamed(['{"a":', "1}"]), { maxBytes: 100 })).toBe('{"a":1}');
    expect(await failureOf(readBodyText(streamed(["x".repeat(60), "x".repeat(60)]), { maxBytes: 100 }))).toEqual({
      kind: "too-large",
      maxBytes: 100,
    });
    const declared = new Request("http://x/", { method: "POST", body: "{}", headers: { "content-length": "5000" } });
    expect(await failureOf(readBodyText(declared, { maxBytes: 100 }))).toEqual({ kind: "too-large", maxBytes: 100 });
  });

  it("with requireJsonType, a non-empty body must be JSON (application/json or application/*+json)", async () => {
    const text = streamed(["{}"], "text/plain");
    expect(await failureOf(readBodyText(text, { maxBytes: 100, requireJsonType: true }))).toEqual({
      kind: "unsupported-media-type",
    });
    expect(
      await readBodyText(streamed(["{}"], "application/scim+json"), { maxBytes: 100, requireJsonType: true }),
    ).toBe("{}");
    expect(await readBodyText(streamed(["{}"], "text/plain"), { maxBytes: 100 })).toBe("{}");
    expect(await readBodyText(new Request("http://x/"), { maxBytes: 100, requireJsonType: true })).toBe("");
  });

  it("parses JSON; a blank body is undefined, or missing when required; bad JSON is invalid-json", async () => {
    expect(parseJsonBody(' {"a": [1]} ')).toEqual({ a: [1] });
    expect(parseJsonBody("  ")).toBeUndefined();
    expect(await failureOf(() => parseJsonBody("", { required: true }))).toEqual({ kind: "missing-body" });
    expect(await failureOf(() => parseJsonBody("{a:1}"))).toEqual({ kind: "invalid-json" });
  });
});

describe("apiRequest and bearerActor", () => {
  const rendered: RequestFailure[] = [];
  const protocol: Protocol = {
    name: "a test route",
    render: (failure) => {
      rendered.push(failure);
      return new Response(failure.kind, { status: 599 });
    },
    mapError: (error) => (error instanceof TypeError ? new Response("mine", { status: 418 }) : undefined),
  };
  afterEach(() => {
    rendered.length = 0;
    vi.restoreAllMocks();
  });

  it("a refused token is an unauthenticated failure carrying the refusal; a valid one is its actor", async () => {
    await resetDatabase();
    const answer = await apiRequest(protocol, async () => {
      await bearerActor(new Request("http://x/", { headers: { authorization: "Bearer gth_nope" } }));
      return new Response("reached");
    });
    expect(answer.status).toBe(599);
    expect(rendered[0]).toMatchObject({ kind: "unauthenticated", refusal: { status: 401, reason: "invalid" } });
    const { secret } = await createApiToken(await adminActor(), ["users:read"]);
    const actor = await bearerActor(new Request("http://x/", { headers: { authorization: `Bearer ${secret}` } }));
    expect([...actor.permissions]).toEqual(["users:read"]);
  });

  it("the protocol's own errors first, then database-away (503 with a retry time), then anything else as internal", async () => {
    expect((await apiRequest(protocol, () => Promise.reject(new TypeError("x")))).status).toBe(418);
    await apiRequest(protocol, () => Promise.reject(new DatabaseUnavailableError()));
    expect(rendered.pop()).toEqual({ kind: "unavailable", retryAfterSeconds: expect.any(Number) });
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = await apiRequest(protocol, () => Promise.reject(new Error("secret stack")));
    expect([answer.status, await answer.text()]).toEqual([599, "internal"]);
    expect(log).toHaveBeenCalledWith("Unexpected error in a test route", expect.any(Error));
  });
});

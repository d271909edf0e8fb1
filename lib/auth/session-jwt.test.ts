import { decode as authjsDecode, encode as authjsEncode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decode, encode } from "./session-jwt";

const params = { secret: "a-test-secret-of-some-length-0123456789", salt: "authjs.session-token" };

describe("session JWT with a cached derived key", () => {
  it("reads tokens Auth.js wrote, and Auth.js reads the ones it writes", async () => {
    const token = { sub: "01900000-0000-7000-8000-000000000001", sv: 3 };
    expect(await decode({ ...params, token: await authjsEncode({ ...params, token }) })).toMatchObject(token);
    expect(await authjsDecode({ ...params, token: await encode({ ...params, token }) })).toMatchObject(token);
    expect(await decode({ ...params, token: await encode({ ...params, token }) })).toMatchObject(token);
  });

  it("refuses a token for another secret or another cookie name, and a tampered one", async () => {
    const jwt = await encode({ ...params, token: { sub: "x" } });
    await expect(decode({ ...params, secret: "another-secret-of-some-length-01234567", token: jwt })).rejects.toThrow();
    await expect(decode({ ...params, salt: "__Secure-authjs.session-token", token: jwt })).rejects.toThrow();
    const tampered = jwt.slice(0, -4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expect(decode({ ...params, token: tampered })).rejects.toThrow();
    expect(await decode({ ...params, token: undefined })).toBeNull();
  });

  it("accepts a rotated secret list: the old secret still decodes", async () => {
    const old = await encode({ ...params, token: { sub: "y" } });
    expect(
      await decode({ ...params, secret: ["a-new-secret-of-some-length-0123456789", params.secret], token: old }),
    ).toMatchObject({
      sub: "y",
    });
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "./db";
import { createProvider } from "./identity-providers";
import { IdpSignInError, signInWithIdToken } from "./idp-sign-in";
import { adminActor, unique } from "@/lib/testing/factories";

process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";

/** A stand-in OpenID provider: only its discovery document and its JWKS (one RS256 key). */
let server: Server;
let issuer: string;
let providerKey: CryptoKey;
const KID = "idp-key-1";

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  providerKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: "RS256", use: "sig" };
  server = createServer((req, res) => {
    const body =
      req.url === "/.well-known/openid-configuration"
        ? { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ["RS256"] }
        : req.url === "/jwks"
          ? { keys: [jwk] }
          : null;
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function setupProvider() {
  const admin = await adminActor();
  const input = { key: unique("idp"), name: unique("Local IdP"), issuer, clientId: "gatehouse", clientSecret: "s" };
  const { id } = await createProvider(admin, input);
  return { id, ...input };
}

/** An ID token for `login`, signed with `key` (the provider's own by default). */
async function idToken(
  login: string,
  options: { key?: CryptoKey; kid?: string; aud?: string; iss?: string; alg?: string; exp?: string } = {},
) {
  return new SignJWT({ email: `${login}@idp.test`, email_verified: true, name: login, groups: [] })
    .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? KID })
    .setSubject(`sub-${login}`)
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? "gatehouse")
    .setIssuedAt()
    .setExpirationTime(options.exp ?? "5m")
    .sign(options.key ?? providerKey);
}

async function refusal(signIn: Promise<unknown>) {
  const error = await signIn.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdpSignInError);
  return error as IdpSignInError;
}

describe("ID token verification at sign-in through an identity provider", () => {
  it("a token signed with the provider's published key signs the user in", async () => {
    const provider = await setupProvider();
    const login = unique("alice");
    const { userId } = await signInWithIdToken(provider.key, await idToken(login));
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ email: `${login}@idp.test` });
  });

  it("a token signed with a foreign key is refused, even under the provider's key id, and nothing is created", async () => {
    const provider = await setupProvider();
    const foreign = (await generateKeyPair("RS256")).privateKey;
    const usersBefore = await db.user.count();
    const auditBefore = await db.auditEvent.count();
    const login = unique("mallory");
    const sameKid = await refusal(signInWithIdToken(provider.key, await idToken(login, { key: foreign })));
    expect(sameKid.reason).toBe("token_invalid");
    expect(sameKid.message).toMatch(/signature/);
    const otherKid = await refusal(
      signInWithIdToken(provider.key, await idToken(login, { key: foreign, kid: "attacker" })),
    );
    expect(otherKid.reason).toBe("token_invalid");
    expect(await db.user.count()).toBe(usersBefore);
    expect(await db.user.findFirst({ where: { email: `${login}@idp.test` } })).toBeNull();
    expect(await db.externalIdentity.count({ where: { providerId: provider.id } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  it("a symmetric (HS256) token, another audience, another issuer or an expired token is refused", async () => {
    const provider = await setupProvider();
    const login = unique("trudy");
    const hmac = await new SignJWT({ groups: [] })
      .setProtectedHeader({ alg: "HS256", kid: KID })
      .setSubject(`sub-${login}`)
      .setIssuer(issuer)
      .setAudience("gatehouse")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("s".repeat(32)));
    for (const token of [
      hmac,
      await idToken(login, { aud: "another-client" }),
      await idToken(login, { iss: "https://elsewhere.example" }),
      await idToken(login, { exp: "-10m" }),
    ]) {
      expect((await refusal(signInWithIdToken(provider.key, token))).reason).toBe("token_invalid");
    }
    expect((await refusal(signInWithIdToken(provider.key, undefined))).reason).toBe("claim_missing");
    expect(await db.user.findFirst({ where: { email: `${login}@idp.test` } })).toBeNull();
  });

  it("an http:// issuer other than this machine is refused when saved and at sign-in", async () => {
    const admin = await adminActor();
    await expect(
      createProvider(admin, {
        key: unique("idp"),
        name: unique("Plain"),
        issuer: "http://login.example.test",
        clientId: "c",
        clientSecret: "s",
      }),
    ).rejects.toMatchObject({ code: "INVALID", fieldErrors: { issuer: expect.stringMatching(/https:\/\//) } });
    // A row saved before the rule existed.
    const provider = await setupProvider();
    await db.identityProvider.update({ where: { id: provider.id }, data: { issuer: "http://login.example.test" } });
    const error = await refusal(signInWithIdToken(provider.key, await idToken(unique("oscar"))));
    expect(error.reason).toBe("insecure_issuer");
  });
});

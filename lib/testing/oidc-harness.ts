/**
 * The OpenID Connect provider outside Next for integration tests and the bench: a loopback HTTP
 * server that hands every request to the same handler app/oidc/[...path]/route.ts uses, and a
 * tiny "browser" (cookie jar, manual redirects) signed in to Gatehouse as a chosen user.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleOidc } from "@/lib/oidc/handler";
import { forgetProvider } from "@/lib/oidc/provider";

const SIGNED_IN = "test-gatehouse-user";

export interface OidcHarness {
  origin: string;
  issuer: string;
  close(): Promise<void>;
}

export async function startOidcHarness(): Promise<OidcHarness> {
  const server: Server = createServer((req, res) => {
    serve(req, res, origin).catch((error: unknown) => {
      console.error(error);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AUTH_URL = origin;
  forgetProvider();
  return {
    origin,
    issuer: `${origin}/oidc`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, origin: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  const request = new Request(`${origin}${req.url}`, { method: req.method, headers, body });
  const userId = cookieValue(req.headers.cookie, SIGNED_IN);
  const response = await handleOidc(request, async () => userId);
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out["set-cookie"] = cookies;
  res.writeHead(response.status, out);
  res.end(Buffer.from(await response.arrayBuffer()));
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** A browser with a cookie jar that follows redirects by hand, stopping at the relying party. */
export class TestBrowser {
  private jar = new Map<string, string>();

  constructor(private readonly origin: string) {}

  /** Signs this browser in to Gatehouse as the user (or out, with null). */
  signInAs(userId: string | null) {
    if (userId) this.jar.set(SIGNED_IN, userId);
    else this.jar.delete(SIGNED_IN);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(new URL(url, this.origin), {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair, ...attributes] = set.split(";");
      const [name, ...value] = pair!.split("=");
      const expired = attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value.join("=") === "") this.jar.delete(name!.trim());
      else this.jar.set(name!.trim(), value.join("="));
    }
    return response;
  }

  /**
   * Follows redirects from `url` while they stay on the provider (/oidc); returns the first
   * location outside it (the relying party's redirect URI, a Gatehouse page) or the last response.
   */
  async follow(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.fetch(current, init);
    for (let i = 0; i < 10 && response.status >= 300 && response.status < 400; i++) {
      const next = new URL(response.headers.get("location")!, current.startsWith("http") ? current : this.origin);
      current = next.href;
      if (next.origin !== this.origin || !next.pathname.startsWith("/oidc/")) return { response, url: current };
      response = await this.fetch(current);
    }
    return { response, url: current };
  }
}

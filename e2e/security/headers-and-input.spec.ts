import { expect, test } from "../fixtures";

const CSP_DIRECTIVES = ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"];

test("every response carries the security headers, and each page a fresh CSP nonce its scripts use", async ({
  page,
  request,
}) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
  const csp = first.headers()["content-security-policy"] ?? "";
  for (const directive of CSP_DIRECTIVES) expect(csp).toContain(directive);
  const nonce = nonceOf(csp);
  expect(nonce).toBeTruthy();
  expect(nonceOf(second.headers()["content-security-policy"] ?? "")).not.toBe(nonce);
  // Next's own inline scripts carry this request's nonce, so they run and nothing else does.
  const html = await first.text();
  expect(html).toContain(`nonce="${nonce}"`);
  expect(html).not.toMatch(/<script(?![^>]*nonce=)(?![^>]*src=)[^>]*>/);

  for (const path of ["/sign-in", "/api/me", "/api/health", "/admin"]) {
    const headers = (await request.get(path, { maxRedirects: 0 })).headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    // Served over http here: no HSTS (browsers ignore it there; lib/security/headers.test.ts covers https).
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }

  // The signed-in UI still works under the policy: no script was refused.
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/sign-in");
  await page.getByLabel("Username or email").fill("admin");
  await page.getByLabel("Password").fill("gatehouse-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" }).click();
  await expect(page.getByRole("heading", { name: "Groups", level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a same-site page cannot frame the admin area", async ({ adminPage: page, baseURL }) => {
  // A page on the same origin that tries to put the admin area in a frame.
  await page.route(`${baseURL}/framing-attack`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<iframe src="/admin/groups" title="x"></iframe>` }),
  );
  await page.goto("/framing-attack");
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await page.waitForTimeout(1_000);
  // The browser refuses to render it: the frame never gets the admin page's content.
  const content = await frame?.content().catch(() => "");
  expect(content ?? "").not.toContain("Create group");
});

test("control characters in a search give a field error, not a server error", async ({ adminPage: page }) => {
  await page.goto("/admin/users?q=ad%00min");
  await expect(page.getByRole("alert").filter({ hasText: /control characters/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(page.getByText("Something went wrong")).toHaveCount(0);
});

test("a 2 MB server-action body is refused with 413, not a 500", async ({ request }) => {
  const response = await request.post("/sign-in", {
    headers: { "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" },
    data: "a".repeat(2 * 1024 * 1024),
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).message).toMatch(/too large/);
});

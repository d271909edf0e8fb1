import { expect, signIn, test } from "../fixtures";

// Stops the real PostgreSQL under the running `next start`, then starts it again
// (scripts/e2e.mjs exposes the switch). Runs alone, and always brings the database back.
const control = process.env.E2E_DB_CONTROL;
test.describe.configure({ mode: "serial" });
// With DATABASE_URL set, the e2e run uses a scratch database on a server it must not stop: no switch then.
test.skip(!control, "needs the embedded database started by scripts/e2e.mjs, which it can stop and start");

async function database(action: "stop" | "start") {
  const response = await fetch(`${control}/${action}`, { method: "POST" });
  expect(response.status, await response.text()).toBe(204);
}

test.afterAll(async () => {
  await fetch(`${control}/start`, { method: "POST" }).catch(() => {});
});

test("the database goes away and comes back: 503 pages and JSON, honest sign-in, recovery without a restart", async ({
  page,
  browser,
}) => {
  await signIn(page, "maria.garcia");
  await expect(page.getByRole("heading", { name: "My access", level: 1 })).toBeVisible();

  // A sign-in form loaded before the outage, submitted during it.
  const other = await browser.newPage();
  await other.goto("/sign-in");
  await other.getByLabel("Username or email").fill("admin");
  await other.getByLabel("Password").fill("gatehouse-demo");

  await database("stop");
  try {
    // A signed-in person is not signed out: they get the outage page, with status 503. The app
    // notices within a second (it does not ask the database before every request).
    let retryAfter: string | undefined;
    await expect
      .poll(
        async () => {
          const reload = await page.reload();
          retryAfter = reload?.headers()["retry-after"];
          return reload?.status();
        },
        { intervals: [250, 500, 1_000] },
      )
      .toBe(503);
    expect(retryAfter).toBe("5");
    await expect(page.getByRole("heading", { name: "Gatehouse can't reach its database" })).toBeVisible();
    await expect(page).toHaveURL(/\/me$/);

    const signInPage = await page.request.get("/sign-in");
    expect(signInPage.status()).toBe(503);

    const api = await page.request.get("/api/me");
    expect(api.status()).toBe(503);
    expect(api.headers()["retry-after"]).toBe("5");
    expect(await api.json()).toMatchObject({ error: "unavailable" });

    // The OpenID Connect provider: applications' back-channel calls get JSON, browsers the page.
    const token = await page.request.post("/oidc/token", { form: { grant_type: "refresh_token", refresh_token: "x" } });
    expect(token.status()).toBe(503);
    expect(await token.json()).toMatchObject({ error: "unavailable" });
    expect((await page.request.get("/oidc/auth?client_id=x")).headers()["content-type"]).toContain("text/html");

    expect((await page.request.get("/api/health")).status()).toBe(200);
    const ready = await page.request.get("/api/health/ready");
    expect(ready.status()).toBe(503);
    expect(await ready.json()).toMatchObject({ database: "unreachable" });

    // Password sign-in says the service is unavailable, never "wrong password".
    await other.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(other.getByText(/can't reach its database/i)).toBeVisible();
    await expect(other.getByText(/wrong username or password/i)).toHaveCount(0);
  } finally {
    await database("start");
  }

  // The outage page reloads itself: the person lands back on My access, still signed in.
  await expect(page.getByRole("heading", { name: "My access", level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => (await page.request.get("/api/health/ready")).status()).toBe(200);
  expect((await page.request.get("/api/me")).status()).toBe(200);
  await other.close();
});

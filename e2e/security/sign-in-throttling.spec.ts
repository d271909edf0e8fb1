import { expect, test, unique } from "../fixtures";
import { PASSWORD, createUser, freshPage, trySignIn } from "./support";

// Mirrors RATE_LIMITS["sign-in:username"] (lib/access/rate-limits.ts): the 6th failure locks for 5 minutes.
const LOCK_AFTER = 6;
const WRONG = "Wrong username or password.";
const LOCKED = "Too many attempts. Try again in 5 minutes.";

test("the sign-in form slows down, then locks an account for minutes, and says the same for unknown usernames", async ({
  adminPage: admin,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const username = unique("e2e-throttled");
  await createUser(admin, username);
  const { context, page } = await freshPage(browser, testInfo);

  const messages: (string | null)[] = [];
  for (let i = 0; i < LOCK_AFTER; i++) messages.push(await trySignIn(page, username, "not-the-password"));
  expect(messages).toEqual([...Array(LOCK_AFTER - 1).fill(WRONG), LOCKED]);
  // Locked: the right password is refused too, with the time to wait.
  expect(await trySignIn(page, username, PASSWORD)).toMatch(/^Too many attempts\. Try again in [45] minutes\.$/);
  await expect(page).toHaveURL(/\/sign-in/);

  // A username no account has gets exactly the same answers.
  const nobody = unique("e2e-nobody");
  const unknownMessages: (string | null)[] = [];
  for (let i = 0; i < LOCK_AFTER; i++) unknownMessages.push(await trySignIn(page, nobody, "not-the-password"));
  expect(unknownMessages).toEqual(messages);
  await context.close();

  // Each lockout is in the audit log once, the unknown username by name (with nothing to open).
  for (const name of [username, nobody]) {
    await admin.goto(`/admin/audit?action=user.sign_in_locked&target=${encodeURIComponent(name)}`);
    const events = admin.getByRole("region", { name: "Latest changes" }).getByRole("listitem");
    await expect(events).toHaveCount(1);
    await expect(events).toContainText(`Password sign-in locked for`);
  }
});

test("POST /api/auth/callback/credentials is throttled the same way", async ({
  adminPage: admin,
  browser,
  playwright,
}, testInfo) => {
  test.setTimeout(120_000);
  const username = unique("e2e-api-throttled");
  await createUser(admin, username);
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const post = async (password: string) => {
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await api.post("/api/auth/callback/credentials", {
      form: { csrfToken, username, password, callbackUrl: "/me" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    const sessionCookie = response
      .headersArray()
      .some((h) => h.name.toLowerCase() === "set-cookie" && /authjs\.session-token=[^;]+/.test(h.value));
    return { location: response.headers().location ?? "", sessionCookie };
  };

  const codes: string[] = [];
  for (let i = 0; i < LOCK_AFTER; i++) {
    const { location, sessionCookie } = await post("not-the-password");
    expect(sessionCookie).toBe(false);
    codes.push(new URL(location).searchParams.get("code") ?? "");
  }
  expect(codes).toEqual([...Array(LOCK_AFTER - 1).fill("credentials"), "locked-300"]);

  const locked = await post(PASSWORD);
  expect(locked.sessionCookie).toBe(false);
  expect(new URL(locked.location).searchParams.get("code")).toMatch(/^locked-\d+$/);
  // The sign-in page the redirect leads to explains it.
  const { context, page } = await freshPage(browser, testInfo);
  const target = new URL(locked.location);
  await page.goto(`${target.pathname}${target.search}`);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    /^Too many attempts\. Try again in [45] minutes\.$/,
  );
  await context.close();

  // Another account signs in through the same endpoint as usual.
  const other = unique("e2e-api-ok");
  await createUser(admin, other);
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const ok = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, username: other, password: PASSWORD, callbackUrl: "/me" },
    maxRedirects: 0,
  });
  expect(ok.headers().location).toMatch(/\/me$/);
  await api.dispose();
});

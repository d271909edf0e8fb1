import type { APIRequestContext, Browser, Page, TestInfo } from "@playwright/test";
import { expect, test, unique } from "../fixtures";
import { PASSWORD, createUser, freshPage, trySignIn } from "./support";

/** GET /api/auth/session: its JSON body, and whether it set a (renewed) session cookie. */
async function readSession(request: APIRequestContext) {
  const response = await request.get("/api/auth/session");
  expect(response.status()).toBe(200);
  const renewed = response
    .headersArray()
    .some((h) => h.name.toLowerCase() === "set-cookie" && /authjs\.session-token=[^;]+/.test(h.value));
  return { body: (await response.json()) as { user?: { id?: string } } | null, renewed };
}

async function userSignedInElsewhere(admin: Page, browser: Browser, testInfo: TestInfo) {
  const username = unique("e2e-session");
  await createUser(admin, username);
  const userPageUrl = admin.url();
  const { context, page } = await freshPage(browser, testInfo);
  expect(await trySignIn(page, username, PASSWORD)).toBeNull();
  const before = await readSession(context.request);
  expect(before.body?.user?.id).toBeTruthy();
  expect(before.renewed).toBe(true);
  return { username, userPageUrl, context };
}

test("a disabled user's session reads as signed out, and is not renewed", async ({
  adminPage: admin,
  browser,
}, testInfo) => {
  const { username, userPageUrl, context } = await userSignedInElsewhere(admin, browser, testInfo);
  await admin.goto(userPageUrl);
  const profile = admin.getByRole("region", { name: "Profile" });
  await profile.getByRole("button", { name: "Disable" }).click();
  await admin
    .getByRole("dialog", { name: `Disable ${username}?` })
    .getByRole("button", { name: "Disable user" })
    .click();
  await expect(admin.getByText(`${username} was disabled.`)).toBeVisible();

  const after = await readSession(context.request);
  expect(after.body).toBeNull();
  expect(after.renewed).toBe(false);
  // The cookie was cleared: even after the user is enabled again, that session stays ended.
  expect((await context.request.get("/api/me")).status()).toBe(401);
  await context.close();
});

test("a session from before a password change reads as signed out", async ({ adminPage: admin, browser }, testInfo) => {
  const { username, userPageUrl, context } = await userSignedInElsewhere(admin, browser, testInfo);
  await admin.goto(userPageUrl);
  await admin.getByRole("button", { name: "Set password" }).click();
  const dialog = admin.getByRole("dialog", { name: `Set a password for ${username}` });
  await dialog.getByLabel("New password").fill("another-long-password-8");
  await dialog.getByRole("button", { name: "Set password" }).click();
  await expect(dialog).toBeHidden();

  const after = await readSession(context.request);
  expect(after.body).toBeNull();
  expect(after.renewed).toBe(false);
  expect((await context.request.get("/api/me")).status()).toBe(401);
  await context.close();
});

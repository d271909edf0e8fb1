import type { Browser, Page, TestInfo } from "@playwright/test";
import { expect } from "../fixtures";

export const PASSWORD = "a-long-initial-password-7";

/** As the signed-in administrator: Users → Create user, with a password and no groups. */
export async function createUser(page: Page, username: string) {
  await page.goto("/admin/users/new");
  await expect(page.getByRole("heading", { name: "Create user" })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email", { exact: true }).fill(`${username}@example.test`);
  await page.getByLabel("Display name").fill(`Test ${username}`);
  await page.getByLabel("Initial password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`User ${username} was created.`)).toBeVisible();
}

/** A browser of its own (no admin cookie), for the person signing in. */
export async function freshPage(browser: Browser, testInfo: TestInfo) {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  return { context, page: await context.newPage() };
}

/** Submits the sign-in form once and returns the message it shows (or null when it signed in). */
export async function trySignIn(page: Page, username: string, password: string): Promise<string | null> {
  await page.goto("/sign-in");
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const alert = page.locator("form").getByRole("alert");
  await expect(alert.or(page.getByRole("button", { name: "Sign out" }))).toBeVisible();
  return (await alert.isVisible()) ? await alert.textContent() : null;
}

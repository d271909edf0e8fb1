import { attachScreenshot, expect, expectAccessible, signIn, test } from "./fixtures";

test("an administrator lands in the admin area and can sign out", async ({ page }, testInfo) => {
  await page.goto("/admin/groups");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Fgroups/);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "sign-in");
  await page.getByLabel("Username or email").fill("admin");
  await page.getByLabel("Password").fill("gatehouse-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/groups/);
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("wrong credentials get one clear message that does not say whether the user exists", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Username or email").fill("admin");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(page.getByLabel("Username or email")).toHaveValue("admin");
  await page.getByLabel("Username or email").fill("nobody-by-this-name");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an end user lands on My access and is kept out of the admin area", async ({ page }, testInfo) => {
  await signIn(page, "maria.garcia");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { name: "My access" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" })).toHaveCount(0);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "my-access");
  await page.goto("/admin/groups");
  await expect(page).toHaveURL(/\/me\?denied=1/);
  await expect(page.getByRole("status")).toContainText("Administrator role");
});

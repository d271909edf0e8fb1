import type { Page, TestInfo } from "@playwright/test";
import { attachScreenshot, expect, expectAccessible, test, unique } from "./fixtures";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await attachScreenshot(page, testInfo, name);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png` });
}

/** Creates a token through the "API tokens" screen and returns its secret as the dialog shows it. */
export async function createTokenInUi(page: Page, name: string, permissions: string[], testInfo?: TestInfo) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Create token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name").fill(name);
  for (const permission of permissions)
    await dialog.getByRole("checkbox", { name: new RegExp(`^${permission}`) }).check();
  await expect(dialog.getByLabel("Expires after")).toHaveValue("90");
  if (testInfo) await shot(page, testInfo, "api-tokens-create");
  await dialog.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("dialog", { name: `Token ${name} was created` });
  const secret = await shown.getByLabel("Token").inputValue();
  expect(secret).toMatch(/^gth_/);
  if (testInfo) await shot(page, testInfo, "api-tokens-secret");
  await shown.getByRole("button", { name: "Done" }).click();
  return secret;
}

test("API tokens: created with some permissions, shown once, listed with last use, revoked", async ({
  adminPage: page,
  request,
}, testInfo) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expectAccessible(page);
  const name = unique("ci-sync");

  // Without a permission, the form says so and creates nothing.
  await page.getByRole("button", { name: "Create token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText("Pick at least one permission.")).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  const secret = await createTokenInUi(page, name, ["users:read", "members:write"], testInfo);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("users:read");
  await expect(row).toContainText("members:write");
  await expect(row).toContainText("Never");
  await expect(row).toContainText(secret.slice(0, 10));
  await expect(page.getByText(secret)).toHaveCount(0);
  await shot(page, testInfo, "api-tokens-list");

  // Revoked at once.
  await row.getByRole("button", { name: `Revoke token ${name}` }).click();
  await page
    .getByRole("dialog", { name: `Revoke token ${name}?` })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(page.getByText(`Token ${name} was revoked.`)).toBeVisible();
  await expect(row.getByText("Revoked")).toBeVisible();
  void request;
});

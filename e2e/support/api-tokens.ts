import { expect, type Page, type TestInfo } from "@playwright/test";
import { attachScreenshot } from "../fixtures";

/** A screenshot in the report, and in SCREENSHOT_DIR when set (to look at while building). */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
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

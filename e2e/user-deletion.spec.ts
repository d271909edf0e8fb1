import { attachScreenshot, expect, expectAccessible, test, unique } from "./fixtures";

test("deleting a user: the impact first, then the user is gone and the audit log keeps the name", async ({
  adminPage: page,
}, testInfo) => {
  const username = unique("leaver");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("link", { name: "Create user" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email", { exact: true }).fill(`${username}@example.test`);
  await page.getByLabel("Display name").fill(`Leaver ${username}`);
  await page.getByLabel("Initial password").fill("a-long-password-123");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { name: `Leaver ${username}`, level: 1 })).toBeVisible();

  await page.getByRole("button", { name: "Delete user" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete user ${username}?` });
  await expect(dialog.getByText(`${username} is in no group.`)).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "delete-user");
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/delete-user.png` });
  await dialog.getByRole("button", { name: "Delete user" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByText(`User ${username} was deleted.`)).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByText(`admin deleted user ${username}`).first()).toBeVisible();
});

test("the administrator cannot delete their own account", async ({ adminPage: page }) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("link", { name: "admin", exact: true }).click();
  await page.getByRole("button", { name: "Delete user" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete user admin?" });
  await expect(dialog.getByText("This is your own account")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Delete user" })).toBeDisabled();
});

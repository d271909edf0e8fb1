import { expect, expectAccessible, test, unique } from "./fixtures";
import { createTokenInUi, shot } from "./support/api-tokens";

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

  // Used once: the list says when.
  const used = await request.get("/api/v1/users?limit=1", { headers: { Authorization: `Bearer ${secret}` } });
  expect(used.status()).toBe(200);
  await page.reload();
  await expect(row).not.toContainText("Never");

  // Revoked at once.
  await row.getByRole("button", { name: `Revoke token ${name}` }).click();
  await page
    .getByRole("dialog", { name: `Revoke token ${name}?` })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(page.getByText(`Token ${name} was revoked.`)).toBeVisible();
  await expect(row.getByText("Revoked")).toBeVisible();
  const refused = await request.get("/api/v1/users?limit=1", { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ reason: "revoked" });
});

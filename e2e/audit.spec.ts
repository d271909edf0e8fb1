import { attachScreenshot, expect, expectAccessible, test, unique } from "./fixtures";

test("the audit log shows who changed what, filtered in the URL and paged by Older", async ({
  adminPage: page,
}, testInfo) => {
  const key = unique("audit-app");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Applications" }).click();
  await page.getByRole("button", { name: "Create application" }).click();
  const create = page.getByRole("dialog", { name: "Create application" });
  await create.getByLabel("Key").fill(key);
  await create.getByLabel("Name").fill(`Audited ${key}`);
  await create.getByRole("button", { name: "Create application" }).click();
  await expect(page.getByText(`Application Audited ${key} was created.`)).toBeVisible();
  await page.getByRole("button", { name: `Edit Audited ${key}` }).click();
  const edit = page.getByRole("dialog", { name: "Edit application" });
  await edit.getByLabel("Name").fill(`Renamed ${key}`);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The application was saved.")).toBeVisible();

  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const entries = page.getByRole("region", { name: /changes/ }).getByRole("listitem");
  await expect(entries.first()).toContainText(`admin updated application Renamed ${key}`);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "audit");

  // Filters go into the URL as a GET form.
  await page.getByLabel("Actor").fill("admin");
  await page.getByLabel("Target").fill(key);
  await page.getByLabel("Action").selectOption("application.created");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/actor=admin.*action=application\.created/);
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText(`admin created application Audited ${key} (${key})`);
  await expect(page.getByLabel("Action")).toHaveValue("application.created");
  await attachScreenshot(page, testInfo, "audit-filtered");

  await page.getByLabel("Action").selectOption("user.disabled");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No changes match these filters.")).toBeVisible();

  // Keyset paging: one event per page, newest first, then Older.
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?$|\/admin\/audit$/);
  await page.goto(`/admin/audit?target=${key}&pageSize=1`);
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText("updated application");
  await page.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(/before=\d+/);
  await expect(entries.first()).toContainText("created application");
  await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);
  await expectAccessible(page);

  // Each entry links to what it is about.
  await entries.first().getByRole("link", { name: "Open application" }).click();
  // The application's page, which links on to its roles.
  await expect(page.getByRole("heading", { name: `Renamed ${key}`, level: 1 })).toBeVisible();
  await page.getByRole("link", { name: /^\d+ roles?$/ }).click();
  await expect(page.getByRole("heading", { name: `Roles of Renamed ${key}` })).toBeVisible();
});

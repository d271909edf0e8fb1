import { attachScreenshot, expect, expectAccessible, test, unique } from "./fixtures";

test("roles: built-in ones cannot be deleted; others are created, renamed and deleted after their impact", async ({
  adminPage: page,
}, testInfo) => {
  const key = unique("e2e-role");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Roles" }).click();
  await expect(page.getByRole("heading", { name: "Roles", exact: true })).toBeVisible();
  const admin = page.getByRole("row", { name: /gatehouse:admin/ });
  await expect(admin.getByText("Built in")).toBeVisible();
  await expect(admin.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "roles");

  // The application link filters the list.
  await page
    .getByRole("row", { name: /Dashboard Viewer/ })
    .getByRole("link", { name: "Analytics" })
    .click();
  await expect(page).toHaveURL(/applicationId=/);
  await expect(page.getByRole("heading", { name: "Roles of Analytics" })).toBeVisible();
  await expect(page.getByRole("row", { name: /CRM Viewer/ })).toHaveCount(0);

  // Created in the filtered application, which the dialog picks already.
  await page.getByRole("button", { name: "Create role" }).click();
  const create = page.getByRole("dialog", { name: "Create role" });
  await expect(create.getByRole("combobox", { name: "Application" })).toHaveValue("Analytics");
  await create.getByLabel("Key").fill("Not A Key!");
  await create.getByLabel("Name").fill(`Report Reader ${key}`);
  await create.getByRole("button", { name: "Create role" }).click();
  await expect(create.getByText(/Use lower-case letters/)).toBeVisible();
  await create.getByLabel("Key").fill(key);
  await create.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByText(`Role Report Reader ${key} was created in Analytics.`)).toBeVisible();

  await page.getByRole("button", { name: `Edit Report Reader ${key}` }).click();
  const edit = page.getByRole("dialog", { name: "Edit role" });
  await expect(edit.getByText(`analytics:${key}`)).toBeVisible();
  await edit.getByLabel("Name").fill(`Report Auditor ${key}`);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`Report Auditor ${key}`) })).toBeVisible();

  await page.getByRole("button", { name: `Delete Report Auditor ${key}` }).click();
  const remove = page.getByRole("dialog", { name: `Delete role Report Auditor ${key}?` });
  await expect(remove.getByText("Nobody holds it, and no group assigns it.")).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "delete-role");
  await remove.getByRole("button", { name: "Delete role" }).click();
  await expect(page.getByText(`Role Report Auditor ${key} was deleted.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(key) })).toHaveCount(0);
});

test("applications: the built-in one has no Delete; deleting another shows who loses access", async ({
  adminPage: page,
}, testInfo) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Applications" }).click();
  await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
  const gatehouse = page.getByRole("row", { name: /gatehouse/ });
  await expect(gatehouse.getByText("Built in")).toBeVisible();
  await expect(gatehouse.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "applications");

  // Looking at the impact of deleting Analytics, then cancelling: nothing changes.
  await page.getByRole("button", { name: "Delete Analytics" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete application Analytics?" });
  await expect(dialog).toContainText(/loses? access/);
  await expect(dialog).toContainText("Marketing");
  await attachScreenshot(page, testInfo, "delete-application-impact");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("row", { name: /Analytics/ })).toBeVisible();

  await page.getByRole("searchbox", { name: "Search applications" }).fill("no-such-application");
  await page.getByRole("searchbox", { name: "Search applications" }).press("Enter");
  await expect(page.getByText("No applications match “no-such-application”.")).toBeVisible();
});

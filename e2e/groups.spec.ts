import type { Page } from "@playwright/test";
import { attachScreenshot, expect, expectAccessible, test, unique } from "./fixtures";

async function pick(page: Page, label: string, search: string, option: RegExp) {
  await page.getByRole("combobox", { name: label }).fill(search);
  await page.getByRole("option", { name: option }).click();
  // The list closes after each pick, so it never covers the form's Save button.
  await expect(page.getByRole("listbox")).toBeHidden();
}

test("groups: create, view roles, rename, change roles and members, delete", async ({ adminPage: page }, testInfo) => {
  const name = unique("Campaigns");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" }).click();
  await expect(page.getByRole("heading", { name: "Groups" })).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "groups-table");

  // Create group with two roles and two members.
  await page.getByRole("link", { name: "Create group" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter a group name.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Marketing");
  await page.getByLabel("Description").fill("Seasonal campaigns");
  // The role picker opens its list on click, like a drop-down, before anything is typed.
  await page.getByRole("combobox", { name: "Assigned roles" }).click();
  await expect(page.getByRole("option").first()).toBeVisible();
  await page.keyboard.press("Escape");
  await pick(page, "Assigned roles", "Dashboard", /Dashboard Viewer/);
  await pick(page, "Assigned roles", "CRM Viewer", /CRM Viewer/);
  await pick(page, "Members", "li.wei", /li\.wei/);
  await pick(page, "Members", "ava", /ava\.nielsen/);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "create-group");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("A group named Marketing already exists.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText(`Group ${name} was created.`)).toBeVisible();
  await expect(page.getByText("2 members · 2 roles")).toBeVisible();

  // It is in the table; "Roles in group" opens and closes.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" }).click();
  // The list filters as you type (no Enter), and the search has a clear button.
  const search = page.getByRole("searchbox", { name: "Search groups by name" });
  await search.fill(name);
  await expect(page).toHaveURL(new RegExp(`q=${name}`));
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(search).toHaveValue("");
  await search.fill(name);
  await expect(page).toHaveURL(new RegExp(`q=${name}`));
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row.getByRole("cell").nth(3)).toHaveText("2");
  await row.getByRole("button", { name: /roles in group/ }).click();
  const dialog = page.getByRole("dialog", { name: "Roles in group" });
  await expect(dialog.getByRole("listitem")).toHaveText([/Dashboard Viewer\s*Analytics/, /CRM Viewer/]);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "roles-in-group");
  await dialog.getByRole("button", { name: "Close" }).last().click();
  await expect(dialog).toBeHidden();

  // Rename.
  await row.getByRole("link", { name: `Edit ${name}` }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const renamed = `${name}-renamed`;
  await page.getByLabel("Name", { exact: true }).fill(renamed);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The group was saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: renamed })).toBeVisible();

  // Roles: remove one (with its impact), add another.
  await page.getByRole("button", { name: "Remove CRM Viewer" }).click();
  const removeRole = page.getByRole("dialog", { name: `Remove CRM Viewer from ${renamed}?` });
  await expect(
    removeRole.getByText(/CRM Viewer.*0 members lose it, 2 members keep it through another source/),
  ).toBeVisible();
  await removeRole.getByRole("button", { name: "Remove role" }).click();
  await expect(removeRole).toBeHidden();
  await expect(page.getByRole("list", { name: "Roles in this group" }).getByRole("listitem")).toHaveCount(1);
  await pick(page, "Add roles", "Support Agent", /Support Agent/);
  await page.getByRole("button", { name: "Add", exact: true }).first().click();
  await expect(page.getByRole("list", { name: "Roles in this group" })).toContainText("Support Agent");

  // Members: one by username, several in bulk (one unknown), then several removed at once.
  await page.getByRole("combobox", { name: "Add a member by username" }).fill("grace");
  await page.getByRole("option", { name: /grace\.lee/ }).click();
  await page.getByRole("button", { name: "Add", exact: true }).last().click();
  await expect(page.getByRole("link", { name: "grace.lee" })).toBeVisible();
  await page.getByRole("button", { name: "Add members" }).click();
  const bulk = page.getByRole("dialog", { name: `Add members to ${renamed}` });
  await bulk.getByLabel("Usernames or emails").fill("james.smith\nmateo.fernandez@example.com, nobody.here");
  await bulk.getByRole("button", { name: "Add", exact: true }).click();
  await expect(bulk.getByRole("status")).toContainText("Added (2): james.smith, mateo.fernandez");
  await expect(bulk.getByRole("status")).toContainText("Not found (1): nobody.here");
  await bulk.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("5 members · 2 roles")).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "edit-group");
  await page.getByRole("checkbox", { name: "Select james.smith" }).check();
  await page.getByRole("checkbox", { name: "Select mateo.fernandez" }).check();
  await page.getByRole("button", { name: "Remove 2 members" }).click();
  const removeMembers = page.getByRole("dialog", { name: `Remove 2 members from ${renamed}?` });
  await expect(removeMembers.getByText(/Support Agent.*: 2 members lose it/)).toBeVisible();
  await removeMembers.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(removeMembers).toBeHidden();
  await expect(page.getByText("3 members · 2 roles")).toBeVisible();
  await expect(page.getByRole("link", { name: "james.smith" })).toHaveCount(0);

  // Delete, with the impact first.
  await page.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("menuitem", { name: "Delete group" }).click();
  const del = page.getByRole("dialog", { name: `Delete group ${renamed}?` });
  await expect(del.getByText(/lose it/).first()).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "delete-group");
  await del.getByRole("button", { name: "Delete group" }).click();
  await expect(page).toHaveURL(/\/admin\/groups$/);
  await expect(page.getByText(`Group ${renamed} was deleted.`)).toBeVisible();
  await expect(page.getByRole("link", { name: renamed, exact: true })).toHaveCount(0);
});

test("groups: keyboard only — open and close the roles dialog, add a member", async ({ adminPage: page }) => {
  await page.goto("/admin/groups?q=Support+Leads");
  const trigger = page.getByRole("button", { name: /roles in group Support Leads/ });
  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Roles in group" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(trigger).toBeFocused();

  await page.getByRole("link", { name: "Support Leads", exact: true }).click();
  const input = page.getByRole("combobox", { name: "Add a member by username" });
  await input.focus();
  await page.keyboard.type("noah");
  await expect(page.getByRole("option").first()).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(input).not.toHaveValue("noah");
  const added = await input.inputValue();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: added, exact: true })).toBeVisible();
});

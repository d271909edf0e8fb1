import type { Page } from "@playwright/test";
import { attachScreenshot, expect, expectAccessible, test, unique } from "./fixtures";

const PASSWORD = "a-long-initial-password-7";

/** Creates a user through Users → Create user and lands on their page. */
async function createUser(page: Page, username: string, groups: string[] = []) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("link", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { name: "Create user" })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email", { exact: true }).fill(`${username}@example.test`);
  await page.getByLabel("Display name").fill(`Test ${username}`);
  await page.getByLabel("Initial password").fill(PASSWORD);
  for (const group of groups) {
    await page.getByRole("combobox", { name: "Groups" }).fill(group);
    await pickOption(page, group);
  }
  // The multiple picker stays open for more picks; Escape closes it.
  await page.getByRole("combobox", { name: "Groups" }).press("Escape");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`User ${username} was created.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: `Test ${username}` })).toBeVisible();
}

async function pickOption(page: Page, label: string) {
  await page
    .getByRole("option")
    .filter({ has: page.getByText(label, { exact: true }) })
    .click();
}

function roleRow(page: Page, role: string) {
  return page.getByRole("region", { name: "Roles" }).getByRole("row", { name: new RegExp(role) });
}

test("a role shows where it comes from, and each source is removed the way that works", async ({
  adminPage: page,
}, testInfo) => {
  const username = unique("e2e-user");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  // Other specs create users too: find her by searching, as a person would on a long list.
  await page.getByRole("searchbox", { name: "Search users" }).fill("maria");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: "maria.garcia" })).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "users");

  // Field errors: first from the form's own checks, then from the server (a taken username).
  await page.getByRole("link", { name: "Create user" }).click();
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("The username must be at least 2 characters.")).toBeVisible();
  await expect(page.getByText("The password must be at least 12 characters.")).toBeVisible();
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Email", { exact: true }).fill(`${username}@example.test`);
  await page.getByLabel("Display name").fill("Someone");
  await page.getByLabel("Initial password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("The username admin is already taken.")).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "create-user-errors");

  await createUser(page, username);
  const groups = page.getByRole("region", { name: "Groups" });
  await expect(groups.getByText(`${username} is not in any group.`)).toBeVisible();

  // Marketing holds Dashboard Viewer and CRM Viewer: both arrive as inherited.
  await groups.getByRole("combobox", { name: "Add to groups" }).fill("Marketing");
  await pickOption(page, "Marketing");
  await groups.getByRole("combobox", { name: "Add to groups" }).press("Escape");
  await groups.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Added to Marketing.")).toBeVisible();
  await expect(groups.getByRole("link", { name: "Marketing" })).toBeVisible();
  const viewer = roleRow(page, "Dashboard Viewer");
  await expect(viewer.getByRole("cell").nth(2)).toHaveText("Marketing");
  await expect(viewer.getByRole("cell").nth(3)).toHaveText("No");
  await expect(viewer.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await expect(viewer).toContainText("Inherited — remove the user from Marketing or the role from that group.");
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "user-inherited");

  // The same role granted directly: both sources shown.
  await page.getByRole("combobox", { name: "Add role" }).fill("Dashboard Viewer");
  await pickOption(page, "Dashboard Viewer");
  await page.getByRole("region", { name: "Roles" }).getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Dashboard Viewer was granted directly.")).toBeVisible();
  await expect(viewer.getByRole("cell").nth(3)).toHaveText("Yes");
  await expect(viewer.getByRole("cell").nth(2)).toHaveText("Marketing");
  await attachScreenshot(page, testInfo, "user-both-sources");

  // Leaving Marketing: the dialog shows who loses what; the direct grant stays.
  await groups.getByRole("button", { name: "Remove from Marketing" }).click();
  const leave = page.getByRole("dialog", { name: `Remove ${username} from Marketing?` });
  await expect(leave.getByRole("listitem")).toHaveText([
    "CRM Viewer (Customer CRM)",
    "Dashboard Viewer through a direct grant",
  ]);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "remove-from-group-impact");
  await leave.getByRole("button", { name: "Remove from group" }).click();
  await expect(leave).toBeHidden();
  await expect(roleRow(page, "CRM Viewer")).toHaveCount(0);
  await expect(viewer.getByRole("cell").nth(2)).toHaveText("—");
  await expect(viewer.getByRole("cell").nth(3)).toHaveText("Yes");

  // Removing the direct grant: the role is gone.
  await viewer.getByRole("button", { name: "Remove direct grant of Dashboard Viewer" }).click();
  const revoke = page.getByRole("dialog", { name: "Remove the direct grant of Dashboard Viewer?" });
  await expect(revoke).toContainText(`${username} loses Dashboard Viewer`);
  await revoke.getByRole("button", { name: "Remove grant" }).click();
  await expect(viewer).toHaveCount(0);
  await expect(page.getByText(`${username} holds no roles.`)).toBeVisible();

  // The user's history tells the story, newest first, each step by admin.
  const history = page.getByRole("region", { name: "Recent history" }).getByRole("listitem");
  await expect(history.nth(0)).toContainText(`admin removed the direct grant of Dashboard Viewer from ${username}`);
  await expect(history.nth(1)).toContainText(`admin removed ${username} from group Marketing`);
  await expect(history.nth(2)).toContainText(`admin granted role Dashboard Viewer directly to ${username}`);
  await expect(history.nth(3)).toContainText(`admin added ${username} to group Marketing`);
  await expect(history.nth(4)).toContainText(`admin created user ${username}`);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "user-after");
});

test("a user created with groups gets their roles; once disabled they cannot sign in", async ({
  adminPage: page,
  browser,
}, testInfo) => {
  const username = unique("e2e-joiner");
  await createUser(page, username, ["Finance", "Support"]);
  const groups = page.getByRole("region", { name: "Groups" });
  await expect(groups.getByRole("link", { name: "Finance" })).toBeVisible();
  await expect(groups.getByRole("link", { name: "Support" })).toBeVisible();
  await expect(roleRow(page, "Invoice Approver").getByRole("cell").nth(2)).toHaveText("Finance");
  await expect(roleRow(page, "Support Agent").getByRole("cell").nth(2)).toHaveText("Support");

  // The new user can sign in and sees the access they were given.
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const theirPage = await other.newPage();
  await signInAs(theirPage, username);
  await expect(theirPage).toHaveURL(/\/me$/);
  await expect(theirPage.getByText("Invoice Approver")).toBeVisible();
  await theirPage.getByRole("button", { name: "Sign out" }).click();

  const profile = page.getByRole("region", { name: "Profile" });
  await profile.getByRole("button", { name: "Disable" }).click();
  const confirm = page.getByRole("dialog", { name: `Disable ${username}?` });
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "disable-dialog");
  await confirm.getByRole("button", { name: "Disable user" }).click();
  await expect(page.getByText(`${username} was disabled.`)).toBeVisible();
  await expect(profile.getByRole("button", { name: "Enable" })).toBeVisible();

  await signInAs(theirPage, username);
  await expect(theirPage.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(theirPage).toHaveURL(/\/sign-in/);
  await other.close();

  // The list shows the new status.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("searchbox", { name: "Search users" }).fill(username);
  await page.getByRole("searchbox", { name: "Search users" }).press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${username}`));
  const row = page.getByRole("row", { name: new RegExp(username) });
  await expect(row).toContainText("Disabled");
  await expect(row.getByRole("cell").nth(4)).toHaveText("2");
  await attachScreenshot(page, testInfo, "users-search");
});

async function signInAs(page: Page, username: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

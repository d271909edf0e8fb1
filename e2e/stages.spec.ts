import type { Browser, Page } from "@playwright/test";
import pg from "pg";
import { attachScreenshot, expect, expectAccessible, signIn, test, unique } from "./fixtures";

// The browser tests run with the default stage only (scripts/e2e.mjs seeds DEMO_STAGES=default), so
// every other spec sees Gatehouse as it was before stages. This spec adds Development and QA through
// the Stages screen and removes them again; afterAll also cleans up after a failure, so that the
// specs after this one still meet a single stage.
const qaGroup = unique("QA testers");
test.afterAll(async () => {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(`DELETE FROM "Group" WHERE "stageId" IN (SELECT id FROM "Stage" WHERE NOT "isDefault")`);
  await db.query(`DELETE FROM "DirectGrant" WHERE "stageId" IN (SELECT id FROM "Stage" WHERE NOT "isDefault")`);
  await db.query(`DELETE FROM "Stage" WHERE NOT "isDefault"`);
  await db.end();
});

function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}

/**
 * Opens a stage's delete dialog from the Stages screen once it is the page shown (the click is
 * repeated if it landed while the page was still being replaced, as happened once on a busy machine).
 */
async function openDeleteDialog(page: Page, name: string) {
  await expect(page.getByRole("heading", { name: "Stages", level: 1 })).toBeVisible();
  const dialog = page.getByRole("dialog", { name: `Delete stage ${name}?` });
  await expect(async () => {
    if (!(await dialog.isVisible())) await page.getByRole("button", { name: `Delete ${name}`, exact: true }).click();
    await expect(dialog).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return dialog;
}

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

test("with only the default stage, no screen shows a stage", async ({ adminPage: page, browser }) => {
  await nav(page, "Groups").click();
  await expect(page.getByRole("columnheader", { name: "Stage" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Filter by stage" })).toHaveCount(0);
  await page.getByRole("link", { name: "Create group" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Stage")).toHaveCount(0);
  await nav(page, "Stages").click();
  await expect(page.getByRole("row", { name: /Production/ })).toContainText("Default");
  const maria = await signedIn(browser, "maria.garcia");
  await expect(maria.getByRole("heading", { name: "My roles" })).toBeVisible();
  await expect(maria.getByRole("region", { name: /^Production/ })).toHaveCount(0);
  expect((await (await maria.request.get("/api/me")).json()).stage).toBe("production");
  await maria.context().close();
});

test("three stages: a QA group's role reaches maria in QA only; the group's stage never changes", async ({
  adminPage: page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000); // a long walk through several screens, on two shared cores
  // Stages: add Development and QA, then order them Development, QA, Production.
  await nav(page, "Stages").click();
  await expect(page.getByRole("heading", { name: "Stages", level: 1 })).toBeVisible();
  for (const [key, name] of [
    ["development", "Development"],
    ["qa", "QA"],
  ] as const) {
    await page.getByRole("button", { name: "Create stage" }).click();
    const dialog = page.getByRole("dialog", { name: "Create stage" });
    await dialog.getByLabel("Key").fill(key);
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("button", { name: "Create stage" }).click();
    await expect(page.getByText(`Stage ${name} was created.`)).toBeVisible();
  }
  await page.getByRole("button", { name: "Move Production down" }).click();
  await page.getByRole("button", { name: "Move Production down" }).click();
  await expect(page.getByRole("row").nth(3)).toContainText("Production");
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "stages");

  // Create a QA group with a role and maria: the stage is asked for, the default preselected.
  await nav(page, "Groups").click();
  await expect(page.getByRole("columnheader", { name: "Stage" })).toBeVisible();
  await page.getByRole("link", { name: "Create group" }).click();
  const stage = page.getByLabel("Stage");
  await expect(stage.locator("option:checked")).toHaveText(/Production/);
  await expect(page.getByText("It cannot be changed later.")).toBeVisible();
  await stage.selectOption({ label: "QA" });
  await page.getByLabel("Name", { exact: true }).fill(qaGroup);
  await page.getByRole("combobox", { name: "Assigned roles" }).fill("Administrator");
  await expect(page.getByRole("option", { name: /^Administrator/ })).toHaveCount(0); // Gatehouse's roles: default stage only
  await page.getByRole("combobox", { name: "Assigned roles" }).fill("CRM Editor");
  await page.getByRole("option", { name: /CRM Editor/ }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("combobox", { name: "Members" }).fill("maria.garcia");
  await page.getByRole("option", { name: /maria\.garcia/ }).click();
  await page.keyboard.press("Escape");
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "create-group-in-qa");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: qaGroup, level: 1 })).toBeVisible();
  await expect(page.getByText(`QA · 1 member · 1 role`)).toBeVisible();
  // The group page shows its stage and offers no way to change it.
  await expect(page.getByText("A group's stage cannot be changed.")).toBeVisible();
  await expect(page.getByLabel("Stage")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: /stage/i })).toHaveCount(0);
  await attachScreenshot(page, testInfo, "group-in-qa");

  // The groups list filters by stage, in the URL.
  await nav(page, "Groups").click();
  await page.getByRole("navigation", { name: "Filter by stage" }).getByRole("link", { name: "QA" }).click();
  await expect(page).toHaveURL(/stage=qa/);
  await expect(page.getByRole("row", { name: new RegExp(qaGroup) })).toContainText("QA");
  await expect(page.getByRole("row", { name: /Marketing/ })).toHaveCount(0);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "groups-filtered-by-stage");

  // maria: My access shows CRM Editor under QA only; /api/me?stage=qa lists it, /api/me does not.
  const maria = await signedIn(browser, "maria.garcia");
  const qa = maria.getByRole("region", { name: /^QA/ });
  await expect(qa.getByRole("row", { name: /CRM Editor/ })).toContainText(`Inherited from ${qaGroup}`);
  await expect(maria.getByRole("region", { name: /^Production/ }).getByRole("row", { name: /CRM Editor/ })).toHaveCount(
    0,
  );
  await expectAccessible(maria);
  await attachScreenshot(maria, testInfo, "my-access-by-stage");
  const inQa = await (await maria.request.get("/api/me?stage=qa")).json();
  expect(inQa).toMatchObject({ stage: "qa", groups: [qaGroup] });
  expect(inQa.roles).toContain("crm:editor");
  const inProduction = await (await maria.request.get("/api/me")).json();
  expect(inProduction.stage).toBe("production");
  expect(inProduction.roles).not.toContain("crm:editor");
  expect(inProduction.groups).not.toContain(qaGroup);
  const unknown = await maria.request.get("/api/me?stage=staging");
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).message).toMatch(/Unknown stage "staging"/);
  await maria.context().close();

  // The user page shows roles per stage.
  await nav(page, "Users").click();
  await page.getByRole("searchbox", { name: "Search users" }).fill("maria.garcia");
  await page.keyboard.press("Enter");
  await page
    .getByRole("link", { name: /maria\.garcia|María García/ })
    .first()
    .click();
  await page.getByRole("navigation", { name: "Show roles of stage" }).getByRole("link", { name: "QA" }).click();
  const roles = page.getByRole("table", { name: "Effective roles" });
  await expect(roles.getByRole("row", { name: /CRM Editor/ })).toContainText(qaGroup);
  await expect(roles.getByRole("row", { name: /Dashboard Viewer/ })).toHaveCount(0);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "user-roles-in-qa");

  // A stage in use cannot be deleted: the dialog says by what.
  await nav(page, "Stages").click();
  const refuse = await openDeleteDialog(page, "QA");
  await expect(refuse).toContainText("QA is used by 1 group");
  await expect(refuse.getByRole("button", { name: "Delete stage" })).toBeDisabled();
  await refuse.getByRole("button", { name: "Cancel" }).click();

  // Clean up through the screens: the group, then both stages.
  await nav(page, "Groups").click();
  await page.getByRole("searchbox", { name: "Search groups by name" }).fill(qaGroup);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: `Delete ${qaGroup}` }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /Delete group/ })
    .click();
  await expect(page.getByRole("row", { name: new RegExp(qaGroup) })).toHaveCount(0);
  await nav(page, "Stages").click();
  for (const name of ["QA", "Development"]) {
    await (await openDeleteDialog(page, name)).getByRole("button", { name: "Delete stage" }).click();
    await expect(page.getByText(`Stage ${name} was deleted.`)).toBeVisible();
  }
  await expect(page.getByRole("row")).toHaveCount(2);
});

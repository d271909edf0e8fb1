import type { Page } from "@playwright/test";
import pg from "pg";
import { attachScreenshot, expect, expectAccessible, signIn, test, unique } from "./fixtures";

// zara.ahmed is in the demo organisation's Auditors group (gatehouse:auditor).
const AUDITOR = "zara.ahmed";

/** Nothing on the page that changes anything: no create, edit, delete, add, remove, save, disable… */
async function expectNoWriteControls(page: Page) {
  const writes =
    /^(create|add|save|delete|remove|edit|disable|enable|set password|more actions|grant)\b|^create the first/i;
  await expect(page.getByRole("button", { name: writes })).toHaveCount(0);
  await expect(page.getByRole("link", { name: writes })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.locator("input[role=combobox]")).toHaveCount(0);
  // The only text inputs an auditor meets are searches and the audit log's filters.
  for (const box of await page.getByRole("textbox").all()) {
    await expect(box).toHaveAttribute("name", /^(q|mq|actor|target|action|from|to)$/);
  }
}

// Other specs expect no identity provider to exist: remove the one made here, even on failure.
const providerName = unique("Audited IdP");
test.afterAll(async () => {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(`DELETE FROM "IdentityProvider" WHERE name = $1`, [providerName]);
  await db.end();
});

function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}

test("an auditor reads the whole admin area and meets no control that writes", async ({ page, browser }, testInfo) => {
  // An identity provider with a mapping, so the auditor has one to look at (the demo has none).
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin");
  await admin.goto("/admin/identity-providers/new");
  await admin.getByLabel("Display name").fill(providerName);
  await admin.getByLabel("Key").fill(unique("audited").toLowerCase());
  await admin.getByLabel("Issuer URL").fill("https://idp.example.test/realms/demo");
  await admin.getByLabel("Client id").fill("gatehouse");
  await admin.getByLabel("Client secret").fill("a-client-secret");
  await admin.getByRole("checkbox", { name: /Enabled/ }).uncheck();
  await admin.getByRole("button", { name: "Add provider" }).click();
  await expect(admin.getByRole("heading", { name: providerName, level: 1 })).toBeVisible();
  await admin.getByLabel("IdP group value").fill("finance-team");
  await admin.getByRole("combobox", { name: "Gatehouse groups" }).fill("Finance");
  await admin.getByRole("option", { name: /^Finance/ }).click();
  await admin.keyboard.press("Escape");
  await admin.getByRole("button", { name: "Add mapping" }).click();
  await expect(admin.getByRole("row", { name: /finance-team.*Finance/ })).toBeVisible();
  await adminContext.close();

  await signIn(page, AUDITOR);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  for (const entry of ["Dashboard", "Users", "Groups", "Roles", "Applications", "Identity providers", "Audit log"]) {
    await expect(nav(page, entry)).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Recent changes" })).toBeVisible();
  await expectNoWriteControls(page);

  // Users → a user: profile, groups and roles with their sources, read-only.
  await nav(page, "Users").click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expectNoWriteControls(page);
  await page.getByRole("link", { name: "maria.garcia", exact: true }).click();
  await expect(page.getByRole("heading", { name: "María García", level: 1 })).toBeVisible();
  await expect(
    page.getByRole("list", { name: "Groups of the user" }).getByRole("link", { name: "Marketing" }),
  ).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Effective roles" }).getByRole("row", { name: /Analyst/ }),
  ).toBeVisible();
  await expect(page.getByText("maria.garcia@example.com", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Recent history" })).toBeVisible();
  await expectNoWriteControls(page);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "auditor-user");

  // Groups → a group: roles and members, no chips' ✕, no add or remove.
  await nav(page, "Groups").click();
  await expect(page.getByRole("heading", { name: "Groups", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "View Finance" })).toBeVisible();
  await expectNoWriteControls(page);
  await page.getByRole("link", { name: "Finance", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Finance", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Roles in this group" }).getByText("Invoice Approver")).toBeVisible();
  await expect(page.getByRole("link", { name: "fatima.khan" })).toBeVisible();
  await expect(page.getByRole("link", { name: providerName })).toBeVisible();
  await expectNoWriteControls(page);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "auditor-group");

  // Roles and applications.
  await nav(page, "Roles").click();
  await expect(page.getByRole("heading", { name: "Roles", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: /Invoice Approver/ })).toBeVisible();
  await expectNoWriteControls(page);
  await nav(page, "Applications").click();
  await expect(page.getByRole("heading", { name: "Applications", level: 1 })).toBeVisible();
  await expectNoWriteControls(page);
  await page.getByRole("link", { name: /roles of Billing/ }).click();
  await expect(page.getByRole("heading", { name: "Roles of Billing", level: 1 })).toBeVisible();
  await expectNoWriteControls(page);

  // Identity providers → the provider: settings and mappings, read-only.
  await nav(page, "Identity providers").click();
  await expect(page.getByRole("heading", { name: "Identity providers", level: 1 })).toBeVisible();
  await expectNoWriteControls(page);
  await page.getByRole("link", { name: providerName }).click();
  await expect(page.getByRole("heading", { name: providerName, level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: /finance-team.*Finance/ })).toBeVisible();
  await expect(page.getByText("https://idp.example.test/realms/demo")).toBeVisible();
  await expectNoWriteControls(page);

  // The audit log, with the provider the administrator just added.
  await nav(page, "Audit log").click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await expect(page.getByText(providerName).first()).toBeVisible();
  await expectNoWriteControls(page);

  // Pages that only create are not for auditors: they land back on the dashboard.
  await page.goto("/admin/groups/new");
  await expect(page).toHaveURL(/\/admin$/);
});

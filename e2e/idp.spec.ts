import type { Browser, Page } from "@playwright/test";
import { attachScreenshot, expect, expectAccessible, openGroup, test } from "./fixtures";
import { startTestIdp, type TestIdp } from "./support/test-idp";

const KEY = "test-idp";
let idp: TestIdp;

test.beforeAll(async ({}, testInfo) => {
  const baseURL = testInfo.project.use.baseURL ?? process.env.E2E_BASE_URL;
  idp = await startTestIdp({ redirectUri: `${baseURL}/api/auth/callback/${KEY}` });
});
test.afterAll(async () => idp?.stop());

/** Signs in through the test IdP in a fresh browser (a new IdP session too). */
async function signInThroughIdp(browser: Browser, login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  return page;
}

test("sign-in through an OpenID provider provisions the user and syncs mapped groups; hand-added memberships stay", async ({
  adminPage: admin,
  browser,
}, testInfo) => {
  // The administrator adds the provider and maps two IdP groups.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Identity providers" }).click();
  await expect(admin.getByText("No identity providers yet")).toBeVisible();
  await admin.getByRole("link", { name: "Add provider" }).first().click();
  await admin.getByLabel("Display name").fill("Test IdP");
  await admin.getByLabel("Key").fill(KEY);
  await admin.getByLabel("Issuer URL").fill(idp.issuer);
  await admin.getByLabel("Client id").fill(idp.clientId);
  await admin.getByLabel("Client secret").fill(idp.clientSecret);
  await admin.getByRole("button", { name: "Add provider" }).click();
  await expect(admin.getByRole("heading", { name: "Test IdP", level: 1 })).toBeVisible();
  await expect(admin.getByText(`/api/auth/callback/${KEY}`)).toBeVisible();
  for (const [value, group] of [
    ["marketing-team", "Marketing"],
    ["finance-team", "Finance"],
  ]) {
    await admin.getByLabel("IdP group value").fill(value!);
    await admin.getByRole("combobox", { name: "Gatehouse groups" }).fill(group!);
    await admin.getByRole("option", { name: new RegExp(`^${group}`) }).click();
    await admin.keyboard.press("Escape");
    await admin.getByRole("button", { name: "Add mapping" }).click();
    await expect(admin.getByRole("row", { name: new RegExp(`${value}.*${group}`) })).toBeVisible();
  }
  await expectAccessible(admin);
  await attachScreenshot(admin, testInfo, "identity-provider");

  // First sign-in: olivia is created and inherits Marketing's roles.
  idp.setGroups("olivia", ["marketing-team"]);
  let olivia = await signInThroughIdp(browser, "olivia");
  await expect(olivia).toHaveURL(/\/me$/);
  await expect(olivia.getByRole("region", { name: "Profile" })).toContainText("olivia@idp.test");
  await expect(olivia.getByRole("region", { name: "My groups" })).toContainText("Marketing");
  await expect(olivia.getByRole("row", { name: /Dashboard Viewer/ })).toContainText("Inherited from Marketing");
  await expect(olivia.getByText("there is no Gatehouse password to change")).toBeVisible();
  await attachScreenshot(olivia, testInfo, "my-access-after-idp-sign-in");

  // The member list says how she joined; the group page shows the mapping.
  await openGroup(admin, "Marketing");
  await expect(admin.getByText(/Mapped from\s*Test IdP: value marketing-team/)).toBeVisible();
  await expect(admin.getByRole("row", { name: /olivia/ })).toContainText("via Test IdP sign-in");

  // An administrator adds her to Finance by hand (Finance is mapped too).
  await openGroup(admin, "Finance");
  await admin.getByRole("combobox", { name: "Add a member by username" }).fill("olivia");
  await admin.getByRole("option", { name: /olivia/ }).click();
  await admin.getByRole("button", { name: "Add", exact: true }).last().click();
  await expect(admin.getByRole("row", { name: /olivia/ })).toContainText("added by admin");

  // The IdP now sends no groups: the mapped membership ends, the hand-added one stays.
  idp.setGroups("olivia", []);
  await olivia.context().close();
  olivia = await signInThroughIdp(browser, "olivia");
  await expect(olivia).toHaveURL(/\/me$/);
  const groups = olivia.getByRole("region", { name: "My groups" });
  await expect(groups).toContainText("Finance");
  await expect(groups).not.toContainText("Marketing");
  const me = await (await olivia.request.get("/api/me")).json();
  expect(me).toMatchObject({ username: "olivia", groups: ["Finance"] });

  // The audit log names the provider as the cause.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(admin.getByText("Test IdP sign-in removed olivia from group Marketing", { exact: false })).toBeVisible();
  await expect(admin.getByText("Test IdP sign-in provisioned user olivia", { exact: false })).toBeVisible();
});

test("a provider that does not send the groups claim gets an explanation, and password sign-in still works", async ({
  browser,
}) => {
  idp.setGroups("nogroups", undefined);
  const page = await signInThroughIdp(browser, "nogroups");
  await expect(page).toHaveURL(/\/sign-in\?error=claim_missing/);
  await expect(page.getByRole("alert").filter({ hasText: "did not send the claims" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Username or email").fill("admin");
  await page.getByLabel("Password").fill("gatehouse-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/admin$/);
});

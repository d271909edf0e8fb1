import type { Browser, Page } from "@playwright/test";
import { attachScreenshot, expect, expectAccessible, openGroup, test, unique } from "./fixtures";
import { startTestIdp, type TestIdp } from "./support/test-idp";

const KEY = "test-idp";
let idp: TestIdp;

test.beforeAll(async ({}, testInfo) => {
  const baseURL = testInfo.project.use.baseURL ?? process.env.E2E_BASE_URL;
  idp = await startTestIdp({ redirectUri: `${baseURL}/api/auth/callback/${KEY}` });
});
test.afterAll(async () => idp?.stop());

/** Opens a user's page the way a person would: Users in the navigation, search, click. */
async function openUser(page: Page, username: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("searchbox", { name: "Search users" }).fill(username);
  await page.keyboard.press("Enter");
  await page.getByRole("link", { name: username, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

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
  await expect(page.getByRole("alert").filter({ hasText: "did not send" })).toContainText(
    'The identity provider "Test IdP" did not send the "groups" claim',
  );
  await expectAccessible(page);
  await page.getByLabel("Username or email").fill("admin");
  await page.getByLabel("Password").fill("gatehouse-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/admin$/);
});

test("an account with the same email is refused until an administrator links it on the user page; unlinking ends it", async ({
  adminPage: admin,
  browser,
}, testInfo) => {
  // A local account whose email is the one the IdP asserts for this login.
  const login = unique("linda");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await admin.getByRole("link", { name: "Create user" }).click();
  await admin.getByLabel("Username").fill(login);
  await admin.getByLabel("Email", { exact: true }).fill(`${login}@idp.test`);
  await admin.getByLabel("Display name").fill("Linda Local");
  await admin.getByLabel("Initial password").fill("correct horse battery staple");
  await admin.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByRole("heading", { name: "Linda Local", level: 1 })).toBeVisible();
  const identities = admin.getByRole("region", { name: "Identity providers" });
  await expect(identities).toContainText(`${login} does not sign in through an identity provider`);

  // Not linked: refused, and the page says which provider and what to do.
  let person = await signInThroughIdp(browser, login);
  await expect(person).toHaveURL(/\/sign-in\?error=email_taken/);
  const refusal = person.getByRole("alert").filter({ hasText: "already exists" });
  await expect(refusal).toContainText('not linked to your account at the identity provider "Test IdP"');
  await expect(refusal).toContainText("An administrator can link it on the user's page");

  // The administrator links the account to the IdP's subject (the test IdP's sub is the login).
  await identities.getByRole("button", { name: "Link identity" }).click();
  const dialog = admin.getByRole("dialog", { name: `Link ${login} to a provider identity` });
  await dialog.getByLabel("Identity provider").selectOption({ label: "Test IdP" });
  await dialog.getByRole("button", { name: "Link identity" }).click();
  await expect(dialog.getByText("Enter the subject (sub)")).toBeVisible();
  await dialog.getByLabel("Subject (sub)").fill(login);
  await expectAccessible(admin);
  await dialog.getByRole("button", { name: "Link identity" }).click();
  await expect(dialog).toBeHidden();
  await expect(identities).toContainText(
    `${login} signs in through Test IdP. Their name and email are refreshed from it at each sign-in.`,
  );
  await expect(identities.getByRole("listitem")).toContainText(login);
  await expect(admin.getByRole("region", { name: "Profile" })).toContainText("Name and email come from Test IdP");
  await expect(admin.getByRole("region", { name: "Recent history" })).toContainText(
    `linked ${login} to Test IdP identity ${login}`,
  );
  await expectAccessible(admin);

  // Now the same sign-in lands in the linked account, and the name comes from the IdP.
  await person.context().close();
  person = await signInThroughIdp(browser, login);
  await expect(person).toHaveURL(/\/me$/);
  await expect(person.getByRole("region", { name: "Profile" })).toContainText(`${login}@idp.test`);
  expect(await (await person.request.get("/api/me")).json()).toMatchObject({ username: login });

  // Unlinking asks first, then the next IdP sign-in is refused again.
  await admin.reload();
  await expect(identities).toContainText("Last sign-in");
  await attachScreenshot(admin, testInfo, "user-with-linked-identity");
  await identities.getByRole("button", { name: "Unlink Test IdP" }).click();
  const confirm = admin.getByRole("dialog", { name: `Unlink ${login} from Test IdP?` });
  await expect(confirm).toContainText("No group membership depends on Test IdP alone.");
  await confirm.getByRole("button", { name: "Unlink" }).click();
  await expect(confirm).toBeHidden();
  await expect(identities).toContainText(`${login} does not sign in through an identity provider`);
  await person.context().close();
  person = await signInThroughIdp(browser, login);
  await expect(person).toHaveURL(/\/sign-in\?error=email_taken/);
  await person.context().close();
});

test("removing a provider-asserted membership by hand warns that the next sign-in adds it back", async ({
  adminPage: admin,
  browser,
}, testInfo) => {
  const login = unique("mark");
  idp.setGroups(login, ["marketing-team"]);
  const person = await signInThroughIdp(browser, login);
  await expect(person).toHaveURL(/\/me$/);
  await person.context().close();

  await openUser(admin, login);
  const groups = admin.getByRole("region", { name: "Groups" });
  await expect(groups.getByRole("listitem").filter({ hasText: "Marketing" })).toContainText("via Test IdP sign-in");
  await groups.getByRole("button", { name: "Remove from Marketing" }).click();
  const dialog = admin.getByRole("dialog", { name: `Remove ${login} from Marketing?` });
  await expect(dialog.getByRole("note")).toContainText(
    `Test IdP adds ${login} back to Marketing at their next sign-in.`,
  );
  await expect(dialog.getByRole("button", { name: "Remove from group" })).toBeEnabled();
  await expectAccessible(admin);
  await attachScreenshot(admin, testInfo, "remove-provider-asserted-membership");
  await dialog.getByRole("link", { name: "Remove the mapping on Test IdP's page" }).click();
  await expect(admin.getByRole("heading", { name: "Test IdP", level: 1 })).toBeVisible();
  await expect(admin.getByRole("row", { name: /marketing-team.*Marketing/ })).toBeVisible();

  // The group's member list warns the same way.
  await openGroup(admin, "Marketing");
  await admin.getByRole("button", { name: `Remove ${login}` }).click();
  const fromGroup = admin.getByRole("dialog", { name: `Remove ${login} from Marketing?` });
  await expect(fromGroup).toContainText(`Test IdP adds ${login} back at the next sign-in`);
  await fromGroup.getByRole("button", { name: "Cancel" }).click();
});

test("an Auth.js error at the provider's callback names the provider", async ({ page }) => {
  // A callback without the state and PKCE cookies of a sign-in Gatehouse started: Auth.js refuses it.
  await page.goto(`/api/auth/callback/${KEY}?code=forged&state=forged&iss=${encodeURIComponent(idp.issuer)}`);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?error=Configuration&provider=${KEY}`));
  await expect(page.getByRole("alert").filter({ hasText: "Sign-in" })).toContainText(
    'the identity provider "Test IdP"',
  );
});

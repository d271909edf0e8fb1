import pg from "pg";
import { attachScreenshot, DEMO_PASSWORD, expect, expectAccessible, openGroup, test, unique } from "./fixtures";
import { startRelyingParty, type RelyingParty } from "./support/relying-party";

/*
 * Gatehouse as the identity provider of an application: a small relying-party app started here
 * signs maria in through Gatehouse's sign-in page and shows the roles of her ID token; an
 * administrator removes her from the group that grants the role; the app's next refresh shows
 * the role gone, without maria signing in again.
 */

// One story in three steps: the later tests use the client the first one registers through the UI.
// Serial: when a step fails, the ones after it are reported as not run, never passed on stale state.
test.describe.configure({ mode: "serial" });

const tag = unique("rp").toLowerCase();
const appName = `Wiki ${tag}`;
const groupName = `Wiki editors ${tag}`;
let rp: RelyingParty;

test.beforeAll(async () => {
  rp = await startRelyingParty();
  // Test data of its own: an application with a role, granted to maria through a group.
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const app = await db.query<{ id: string }>(
    `INSERT INTO "Application" (id, key, name, "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
    [tag, appName],
  );
  const role = await db.query<{ id: string }>(
    `INSERT INTO "Role" (id, "applicationId", key, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'editor', 'Editor', now()) RETURNING id`,
    [app.rows[0]!.id],
  );
  const group = await db.query<{ id: string }>(
    `INSERT INTO "Group" (id, name, "nameKey", "updatedAt") VALUES (gen_random_uuid(), $1, lower($1), now()) RETURNING id`,
    [groupName],
  );
  await db.query(`INSERT INTO "GroupRole" ("groupId", "roleId") VALUES ($1, $2)`, [
    group.rows[0]!.id,
    role.rows[0]!.id,
  ]);
  await db.query(
    `INSERT INTO "Membership" ("groupId", "userId") SELECT $1, id FROM "User" WHERE username = 'maria.garcia'`,
    [group.rows[0]!.id],
  );
  await db.end();
});
test.afterAll(async () => rp?.stop());

test("an application signs maria in through Gatehouse; removing her from a group takes her role away at the next refresh", async ({
  adminPage: admin,
  browser,
  baseURL,
}, testInfo) => {
  // The administrator registers a sign-in client on the application's page.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Applications" }).click();
  await admin.getByRole("searchbox", { name: "Search applications" }).fill(tag);
  await admin.keyboard.press("Enter");
  await admin.getByRole("link", { name: appName, exact: true }).click();
  await expect(admin.getByRole("heading", { name: appName, level: 1 })).toBeVisible();
  await expect(admin.getByText("No sign-in clients yet.")).toBeVisible();
  await admin.getByRole("button", { name: "Register client" }).click();
  const dialog = admin.getByRole("dialog", { name: "Register sign-in client" });
  await dialog.getByLabel("Name", { exact: true }).fill("Wiki web");
  await dialog.getByLabel("Redirect URIs", { exact: true }).fill("https://wiki.example.com/#fragment");
  await dialog.getByRole("button", { name: "Register client" }).click();
  await expect(dialog.getByText(/must not contain a fragment/)).toBeVisible();
  await attachScreenshot(admin, testInfo, "register-client-dialog");
  await dialog.getByLabel("Redirect URIs", { exact: true }).fill(rp.redirectUri);
  await dialog.getByLabel("Post-logout redirect URIs (optional)").fill(`${rp.url}/`);
  await dialog.getByRole("button", { name: "Register client" }).click();
  const secretDialog = admin.getByRole("dialog", { name: "Client registered" });
  const clientId = (await secretDialog.locator("code").first().textContent())!;
  const clientSecret = (await secretDialog.getByTestId("client-secret").textContent())!;
  expect(clientSecret.length).toBeGreaterThan(30);
  await attachScreenshot(admin, testInfo, "client-secret-shown-once");
  await secretDialog.getByRole("button", { name: "Done" }).click();
  await expect(admin.getByRole("row", { name: /Wiki web/ })).toContainText(clientId);
  await expect(admin.getByText(`${baseURL}/oidc/.well-known/openid-configuration`)).toBeVisible();

  // The claims preview shows what maria would get.
  await admin.getByRole("combobox", { name: "User to preview" }).fill("maria");
  await admin.getByRole("option", { name: /maria\.garcia/ }).click();
  await expect(admin.getByLabel("Token claims")).toContainText('"editor"');
  await expect(admin.getByLabel("Token claims")).toContainText(groupName);
  await admin.keyboard.press("Escape");
  await expectAccessible(admin);
  await attachScreenshot(admin, testInfo, "application-clients");

  // maria signs in to the application through Gatehouse's own sign-in page.
  await rp.configure({ issuer: `${baseURL}/oidc`, clientId, clientSecret });
  const maria = await (await browser.newContext()).newPage();
  await maria.goto(rp.url);
  await maria.getByRole("link", { name: "Sign in with Gatehouse" }).click();
  await expect(maria).toHaveURL(/\/sign-in\?callbackUrl=/);
  await expect(maria.getByText(`to continue to ${appName}`)).toBeVisible();
  await attachScreenshot(maria, testInfo, "sign-in-for-an-application");
  await maria.getByLabel("Username or email").fill("maria.garcia");
  await maria.getByLabel("Password").fill(DEMO_PASSWORD);
  await maria.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(maria.getByText("Signed in as maria.garcia")).toBeVisible();
  const roles = maria.getByRole("list", { name: "Roles from the ID token" });
  await expect(roles).toHaveText("editor");
  await attachScreenshot(maria, testInfo, "relying-party-signed-in");

  // The administrator removes her from the group.
  await openGroup(admin, groupName);
  await admin.getByRole("button", { name: "Remove maria.garcia" }).click();
  const confirm = admin.getByRole("dialog", { name: `Remove maria.garcia from ${groupName}?` });
  await confirm.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(confirm).toBeHidden();

  // The application's next refresh carries the change: no sign-in again.
  await maria.getByRole("button", { name: "Refresh tokens" }).click();
  await expect(maria.getByRole("alert")).toHaveCount(0);
  await expect(roles).toHaveText("No roles");
  await expect(maria.getByText("Signed in as maria.garcia")).toBeVisible();
  await attachScreenshot(maria, testInfo, "relying-party-after-refresh");

  // The audit log says who registered the client.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(admin.getByText(`registered sign-in client Wiki web (${clientId})`)).toBeVisible();
});

test("assignment required: a user without a role of the application is told which application and why", async ({
  adminPage: admin,
  browser,
}, testInfo) => {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ clientId: string; applicationId: string }>(
    `SELECT c."clientId", c."applicationId" FROM "OidcClient" c JOIN "Application" a ON a.id = c."applicationId" WHERE a.key = $1`,
    [tag],
  );
  await db.end();
  expect(rows, "the client the first test registered").toHaveLength(1);
  // The administrator makes a role of the application a condition of signing in.
  await admin.goto(`/admin/applications/${rows[0]!.applicationId}`);
  await admin.getByRole("button", { name: "Edit Wiki web" }).click();
  const edit = admin.getByRole("dialog", { name: "Edit Wiki web" });
  await edit.getByLabel("Assignment required").check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(admin.getByRole("row", { name: /Wiki web/ })).toContainText("Role required");
  const james = await (await browser.newContext()).newPage();
  const params = new URLSearchParams({
    client_id: rows[0]!.clientId,
    response_type: "code",
    scope: "openid",
    redirect_uri: rp.redirectUri,
  });
  await james.goto(`/oidc/auth?${params}`);
  await james.getByLabel("Username or email").fill("james.smith");
  await james.getByLabel("Password").fill(DEMO_PASSWORD);
  await james.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(james.getByRole("heading", { name: `You don't have access to ${appName}` })).toBeVisible();
  await expect(james.getByText(/Ask your Gatehouse administrator for a role/)).toBeVisible();
  await expectAccessible(james);
  await attachScreenshot(james, testInfo, "assignment-required-refused");
});

test("a third-party client asks for consent, and Allow lands in the application", async ({
  adminPage: admin,
  browser,
}, testInfo) => {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ applicationId: string }>(
    `SELECT id AS "applicationId" FROM "Application" WHERE key = $1`,
    [tag],
  );
  await db.end();
  expect(rows, "the application the first test created").toHaveLength(1);
  await admin.goto(`/admin/applications/${rows[0]!.applicationId}`);
  await admin.getByRole("button", { name: "Edit Wiki web" }).click();
  const edit = admin.getByRole("dialog", { name: "Edit Wiki web" });
  await edit.getByLabel("Assignment required").uncheck();
  await edit.getByLabel("Third-party application").check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(admin.getByRole("row", { name: /Wiki web/ })).toContainText("asks consent");

  const lucas = await (await browser.newContext()).newPage();
  await lucas.goto(rp.url);
  await lucas.getByRole("link", { name: "Sign in with Gatehouse" }).click();
  await lucas.getByLabel("Username or email").fill("lucas.martin");
  await lucas.getByLabel("Password").fill(DEMO_PASSWORD);
  await lucas.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(lucas.getByRole("heading", { name: "Allow Wiki web?" })).toBeVisible();
  await expect(lucas.getByRole("listitem").filter({ hasText: "Your roles in this application" })).toBeVisible();
  await expectAccessible(lucas);
  await attachScreenshot(lucas, testInfo, "consent");
  await lucas.getByRole("button", { name: "Allow" }).click();
  await expect(lucas.getByText("Signed in as lucas.martin")).toBeVisible();
  await expect(lucas.getByRole("list", { name: "Roles from the ID token" })).toHaveText("No roles");

  // RP-initiated logout: Gatehouse asks, then sends the browser back to the application.
  await lucas.getByRole("link", { name: "Sign out" }).click();
  await expect(lucas.getByRole("heading", { name: "Sign out of Gatehouse?" })).toBeVisible();
  await attachScreenshot(lucas, testInfo, "logout-confirmation");
  await lucas.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(lucas.getByRole("link", { name: "Sign in with Gatehouse" })).toBeVisible();
  expect(lucas.url()).toBe(`${rp.url}/`);

  // The OpenID Connect signing keys, on the Applications page.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Applications" }).click();
  await expect(admin.getByRole("region", { name: "OpenID Connect signing keys" })).toContainText("Signing");
  await attachScreenshot(admin, testInfo, "signing-keys");
});

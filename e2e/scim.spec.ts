import { attachScreenshot, expect, expectAccessible, openGroup, test, unique } from "./fixtures";

const SCIM = "application/scim+json";

test("SCIM: a token made on the API tokens screen adds a user to a group; the group, the user and the audit log show it", async ({
  adminPage: page,
}, testInfo) => {
  const tokenName = unique("entra");
  const groupName = unique("Provisioned");
  const nav = page.getByRole("navigation", { name: "Main" });

  // Create the token in the UI and read its secret, shown once.
  await nav.getByRole("link", { name: "API tokens" }).click();
  await page.getByRole("button", { name: "Create token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name").fill(tokenName);
  for (const permission of ["users:read", "groups:read", "groups:write", "members:write"]) {
    await dialog.getByRole("checkbox", { name: new RegExp(`^${permission}`) }).check();
  }
  await dialog.getByRole("button", { name: "Create token" }).click();
  const secret = await page.getByLabel("Token", { exact: true }).inputValue();
  expect(secret).toMatch(/^gth_/);
  await page.getByRole("button", { name: "Done" }).click();

  // Use it the way a directory does: find the user, create the group, PATCH the member in.
  const headers = { authorization: `Bearer ${secret}`, "content-type": SCIM };
  const lookup = await page.request.get(`/scim/v2/Users?filter=${encodeURIComponent('userName eq "li.wei"')}`, {
    headers,
  });
  expect(lookup.status()).toBe(200);
  expect(lookup.headers()["content-type"]).toContain(SCIM);
  const userId = (await lookup.json()).Resources[0].id as string;
  const created = await page.request.post("/scim/v2/Groups", {
    headers,
    data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: groupName, externalId: "ext-e2e" },
  });
  expect(created.status()).toBe(201);
  const groupId = (await created.json()).id as string;
  const patched = await page.request.patch(`/scim/v2/Groups/${groupId}`, {
    headers,
    data: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Add", path: "members", value: [{ value: userId }] }],
    },
  });
  expect(patched.status()).toBe(204);
  // The same lookup as a POST to /.search (RFC 7644 3.4.3), through Next's routing, and a root search.
  const search = { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"] };
  const found = await page.request.post("/scim/v2/Users/.search", {
    headers,
    data: { ...search, filter: 'userName eq "li.wei"', attributes: ["userName"] },
  });
  expect(found.status()).toBe(200);
  expect((await found.json()).Resources).toEqual([{ schemas: expect.any(Array), id: userId, userName: "li.wei" }]);
  const both = await page.request.post("/scim/v2/.search", {
    headers,
    data: { ...search, filter: `externalId eq "ext-e2e" or userName eq "li.wei"`, sortBy: "meta.resourceType" },
  });
  expect(both.status()).toBe(200);
  expect((await both.json()).Resources.map((r: { id: string }) => r.id)).toEqual([groupId, userId]);
  const refused = await page.request.get("/scim/v2/Users", { headers: { authorization: "Bearer gth_wrong" } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);

  // The group page shows the member with its SCIM source.
  await openGroup(page, groupName);
  const row = page.getByRole("row", { name: /li\.wei/ });
  await expect(row).toContainText(`via SCIM (${tokenName})`);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "group-with-scim-member");

  // So does the user page.
  await row.getByRole("link", { name: "li.wei" }).first().click();
  await expect(page.getByRole("heading", { name: /li\.wei|Li Wei/, level: 1 })).toBeVisible();
  const groups = page.getByRole("list", { name: "Groups of the user" });
  await expect(groups.getByRole("listitem").filter({ hasText: groupName })).toContainText(`via SCIM (${tokenName})`);
  await attachScreenshot(page, testInfo, "user-with-scim-group");

  // The audit log names the token as the actor.
  await nav.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Actor").fill(`token ${tokenName}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const entries = page.getByRole("region", { name: /changes/ }).getByRole("listitem");
  await expect(entries.filter({ hasText: `added li.wei to group ${groupName} through SCIM` })).toHaveCount(1);
  await expect(entries.first()).toContainText(`token ${tokenName} (created by admin)`);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "audit-scim");
});

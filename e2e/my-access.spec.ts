import type { Browser, Page } from "@playwright/test";
import { attachScreenshot, expect, expectAccessible, openGroup, signIn, test, unique } from "./fixtures";

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

test("My access and /api/me follow an administrator's change at the next request", async ({ browser }, testInfo) => {
  const user = await signedIn(browser, "james.smith");
  await expect(user).toHaveURL(/\/me$/);
  const roles = user.getByRole("table");
  await expect(roles.getByRole("row", { name: /Dashboard Viewer/ })).toContainText("Inherited from Marketing");
  await expect(user.getByRole("region", { name: "My groups" })).toContainText("Marketing");
  // Conditional GET: the ETag names this answer; sending it back gets a bodiless 304.
  const first = await user.request.get("/api/me");
  const etag = first.headers()["etag"]!;
  expect(etag).toMatch(/^"[\w-]{20,}"$/);
  expect(first.headers()["cache-control"]).toBe("private, no-cache");
  const unchanged = await user.request.get("/api/me", { headers: { "If-None-Match": etag } });
  expect(unchanged.status()).toBe(304);
  expect(await unchanged.body()).toHaveLength(0);
  const groupsPage = await user.request.get("/api/me/groups");
  const groupsTag = groupsPage.headers()["etag"]!;
  expect((await user.request.get("/api/me/groups", { headers: { "If-None-Match": groupsTag } })).status()).toBe(304);
  let me = await first.json();
  expect(me).toMatchObject({
    username: "james.smith",
    groups: ["Marketing"],
    overage: { groups: false, roles: false },
  });
  expect(me.roles).toEqual(["analytics:dashboard-viewer", "crm:viewer"]);
  // auth() exposes the same claims, computed for the request.
  let session = await (await user.request.get("/api/auth/session")).json();
  expect(session).toMatchObject({ groups: ["Marketing"], roles: ["analytics:dashboard-viewer", "crm:viewer"] });
  const withSources = await (await user.request.get("/api/me?include=sources")).json();
  expect(withSources.sources).toContainEqual({ role: "crm:viewer", direct: false, groups: ["Marketing"] });
  await expectAccessible(user);
  await attachScreenshot(user, testInfo, "my-access-before");

  // An administrator, in another browser, removes james from Marketing.
  const admin = await signedIn(browser, "admin");
  await openGroup(admin, "Marketing");
  await admin
    .getByRole("row", { name: /james\.smith/ })
    .getByRole("button", { name: "Remove james.smith" })
    .click();
  await admin.getByRole("dialog").getByRole("button", { name: "Remove", exact: true }).click();
  await expect(admin.getByText("Removed james.smith from Marketing.")).toBeVisible();
  await expect(admin.getByRole("dialog")).toBeHidden();
  await expect(admin.getByRole("link", { name: "james.smith" })).toHaveCount(0);

  // No sign-out needed: the next page load and API call see it.
  await user.reload();
  await expect(user.getByText("You are not in any group yet.")).toBeVisible();
  await expect(user.getByText("You have no roles yet.")).toBeVisible();
  // The old ETag no longer matches: a 200 with the new answer and a new ETag.
  const changed = await user.request.get("/api/me", { headers: { "If-None-Match": etag } });
  expect(changed.status()).toBe(200);
  expect(changed.headers()["etag"]).not.toBe(etag);
  me = await changed.json();
  expect(me).toMatchObject({ groups: [], roles: [] });
  expect((await user.request.get("/api/me/groups", { headers: { "If-None-Match": groupsTag } })).status()).toBe(200);
  session = await (await user.request.get("/api/auth/session")).json();
  expect(session).toMatchObject({ groups: [], roles: [] });
  await attachScreenshot(user, testInfo, "my-access-after");

  // Put things back for the other specs.
  await admin.getByRole("combobox", { name: "Add a member by username" }).fill("james.smith");
  await admin.getByRole("option", { name: /james\.smith/ }).click();
  await admin.getByRole("button", { name: "Add", exact: true }).last().click();
  await expect(admin.getByRole("link", { name: "james.smith" })).toBeVisible();
});

test("/api/me answers 401 JSON without a session, never a redirect", async ({ request }) => {
  for (const path of ["/api/me", "/api/me/groups", "/api/me/roles"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthenticated" });
  }
});

test("a signed-in administrator loses the admin area at the next request when their group loses gatehouse:admin", async ({
  browser,
}) => {
  const admin = await signedIn(browser, "admin");
  const group = unique("Deputies");
  await admin.goto("/admin/groups/new");
  await admin.getByLabel("Name", { exact: true }).fill(group);
  await admin.getByRole("combobox", { name: "Assigned roles" }).fill("Administrator");
  await admin.getByRole("option", { name: /^Administrator gatehouse:admin/ }).click();
  await admin.keyboard.press("Escape");
  await admin.getByRole("combobox", { name: "Members" }).fill("noah.johnson");
  await admin.getByRole("option", { name: /noah\.johnson/ }).click();
  await admin.keyboard.press("Escape");
  await admin.getByRole("button", { name: "Save" }).click();
  await expect(admin.getByRole("heading", { name: group })).toBeVisible();

  const deputy = await signedIn(browser, "noah.johnson");
  await expect(deputy).toHaveURL(/\/admin$/);
  await expect(deputy.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await admin.getByRole("button", { name: "Remove Administrator" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Remove role" }).click();
  await expect(admin.getByRole("dialog")).toBeHidden();
  await expect(admin.getByRole("list", { name: "Roles in this group" })).toHaveCount(0);

  await deputy.reload();
  await expect(deputy).toHaveURL(/\/me\?denied=1/);
  await expect(deputy.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" })).toHaveCount(0);
});

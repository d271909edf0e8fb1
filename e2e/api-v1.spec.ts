import createClient from "openapi-fetch";
import { createTokenInUi } from "./support/api-tokens";
import { attachScreenshot, expect, expectAccessible, openGroup, test, unique } from "./fixtures";

const BASE_URL = process.env.E2E_BASE_URL ?? "http://localhost:3100";

test("a token made in the UI drives the REST API; the change shows on the group page and in the audit log", async ({
  adminPage: page,
}) => {
  const tokenName = unique("ci-sync");
  const secret = await createTokenInUi(page, tokenName, [
    "users:read",
    "users:write",
    "groups:read",
    "groups:write",
    "members:write",
  ]);
  // openapi-fetch, a real OpenAPI client, against the served server.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the paths come from the served document
  const api = createClient<any>({ baseUrl: BASE_URL, headers: { Authorization: `Bearer ${secret}` } });

  const document = await (await fetch(`${BASE_URL}/api/v1/openapi.json`)).json();
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/api/v1/groups/{groupId}/members");

  const username = unique("api-user").toLowerCase();
  const groupName = unique("API Group");
  const user = await api.POST("/api/v1/users", {
    body: {
      username,
      email: `${username}@example.test`,
      displayName: `Api ${username}`,
      password: "a-long-password-123",
    },
    headers: { "Idempotency-Key": `create-${username}` },
  });
  expect(user.response.status).toBe(201);
  const group = await api.POST("/api/v1/groups", { body: { name: groupName, description: "Made by a script" } });
  expect(group.response.status).toBe(201);
  const groupId = (group.data as { id: string }).id;

  const preview = await api.POST("/api/v1/groups/{groupId}/members", {
    params: { path: { groupId }, query: { dryRun: "true" } },
    body: { userIds: [(user.data as { id: string }).id] },
  });
  expect(preview.data).toMatchObject({ dryRun: true, wouldReturn: { added: [username] } });
  const added = await api.POST("/api/v1/groups/{groupId}/members", {
    params: { path: { groupId } },
    body: { userIds: [(user.data as { id: string }).id] },
  });
  expect(added.data).toMatchObject({ added: [username] });

  const refused = await api.GET("/api/v1/audit-events", {});
  expect(refused.response.status).toBe(403);
  expect(refused.response.headers.get("content-type")).toBe("application/problem+json");
  // A session cookie does not open the API.
  expect((await page.request.get("/api/v1/users")).status()).toBe(401);

  await openGroup(page, groupName);
  await expect(page.getByRole("row", { name: new RegExp(username) })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(
    page.getByText(`token ${tokenName} (created by admin) added ${username} to group ${groupName}`),
  ).toBeVisible();
});

test("the API reference renders from the bundled viewer, with nothing blocked by the CSP", async ({
  adminPage: page,
}, testInfo) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const external: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(BASE_URL) && !request.url().startsWith("data:")) external.push(request.url());
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await expect(page.getByText("Gatehouse REST API").first()).toBeVisible();
  await expect(page.getByText("/api/v1/groups/{groupId}/members").first()).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "api-reference");
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/api-reference.png` });
  expect(violations).toEqual([]);
  expect(external).toEqual([]);
});

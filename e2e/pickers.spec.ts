import type { Request } from "@playwright/test";
import { expect, openGroup, test } from "./fixtures";

/** The pickers read through GET /api/search/*, and only once the user opens one or types. */
function recordSearches(page: import("@playwright/test").Page) {
  const searches: Request[] = [];
  const actions: Request[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/api/search/")) searches.push(request);
    if (request.headers()["next-action"]) actions.push(request);
  });
  return { searches, actions };
}

test("a page with pickers searches nothing until a picker is opened (on focus, like a drop-down), then GETs", async ({
  adminPage: page,
}) => {
  const { searches, actions } = recordSearches(page);
  await page.goto("/admin/groups/new");
  const roles = page.getByRole("combobox", { name: "Assigned roles" });
  await expect(roles).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(searches.map((r) => r.url())).toEqual([]); // loading the page searches nothing

  // Focusing the picker (Tab or a click) opens its list, as a drop-down does: one GET lists the first roles.
  const opened = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/search/roles");
  await roles.focus();
  const response = await opened;
  expect(searches.map((r) => new URL(r.url()).pathname)).toEqual(["/api/search/roles"]);
  expect(response.request().method()).toBe("GET");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toMatch(/^private, max-age=\d+$/);
  await expect(page.getByRole("option").first()).toBeVisible();

  // Typing is debounced: a word typed at once costs one request, not one per key.
  const before = searches.length;
  const typed = page.waitForResponse((r) => new URL(r.url()).searchParams.get("q") === "Analyst");
  await page.keyboard.type("Analyst");
  await typed;
  expect(searches.length - before).toBe(1);
  await expect(page.getByRole("option", { name: /^Analyst analytics:analyst/ })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("list", { name: "Selected: Assigned roles" })).toContainText("Analyst");

  expect(searches.every((r) => r.method() === "GET")).toBe(true);
  expect(actions.map((r) => r.url())).toEqual([]);
});

test("a group page with two pickers sends no search until the member picker is typed into", async ({
  adminPage: page,
}) => {
  await openGroup(page, "Finance");
  const { searches } = recordSearches(page);
  await page.reload();
  const input = page.getByRole("combobox", { name: "Add a member by username" });
  await expect(input).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(searches).toEqual([]);

  // Focusing opens the picker and sends its empty-query GET, which a fast server can answer before
  // the typing aborts it: wait for the answer to what was typed.
  const answered = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === "/api/search/users" && url.searchParams.get("q") === "noah";
  });
  await input.fill("noah");
  const response = await answered;
  const url = new URL(response.url());
  expect(url.searchParams.get("q")).toBe("noah");
  expect(url.searchParams.get("notInGroupId")).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByRole("option", { name: /noah/ }).first()).toBeVisible();
});

test("the search routes refuse the anonymous with 401 JSON", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
  for (const kind of ["users", "groups", "roles", "applications"]) {
    const response = await anonymous.get(`/api/search/${kind}?q=a`, { maxRedirects: 0 });
    expect(response.status(), kind).toBe(401);
    expect(response.headers()["content-type"], kind).toContain("application/json");
  }
  await anonymous.dispose();
});

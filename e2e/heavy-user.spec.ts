import pg from "pg";
import { attachScreenshot, expect, expectAccessible, signIn, test, unique } from "./fixtures";

// A user in 150 groups holding 300 roles (each inherited from ten groups, some also direct):
// their admin page and My access page must stay a normal size, sources still shown.
const tag = unique("zz-heavy");
let userId = "";

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO "Application" ("id", "key", "name", "updatedAt")
       SELECT gen_random_uuid(), $1 || '-' || a, 'Heavy ' || a || ' ' || $1, now() FROM generate_series(1, 3) a;
     INSERT INTO "Role" ("id", "applicationId", "key", "name", "updatedAt")
       SELECT gen_random_uuid(), app."id", 'role-' || i, 'Role ' || lpad(i::text, 3, '0'), now()
       FROM "Application" app CROSS JOIN generate_series(1, 100) i WHERE app."key" LIKE $1 || '-%';
     INSERT INTO "Group" ("id", "name", "nameKey", "updatedAt")
       SELECT gen_random_uuid(), $1 || ' ' || lpad(i::text, 3, '0'), $1 || ' ' || lpad(i::text, 3, '0'), now()
       FROM generate_series(1, 150) i;
     INSERT INTO "GroupRole" ("groupId", "roleId")
       SELECT g."id", r."id"
       FROM (SELECT "id", row_number() OVER (ORDER BY "nameKey") - 1 AS n FROM "Group" WHERE "nameKey" LIKE $1 || ' %') g
       JOIN (SELECT r."id", row_number() OVER (ORDER BY a."key", r."key") - 1 AS n
             FROM "Role" r JOIN "Application" a ON a."id" = r."applicationId" WHERE a."key" LIKE $1 || '-%') r
         ON (r.n - g.n * 2 + 300) % 300 < 20;
     INSERT INTO "User" ("id", "username", "email", "displayName", "passwordHash", "updatedAt")
       SELECT gen_random_uuid(), $1, $1 || '@example.test', 'Heavy User', "passwordHash", now()
       FROM "User" WHERE "username" = 'admin';
     INSERT INTO "Membership" ("groupId", "userId")
       SELECT g."id", u."id" FROM "Group" g, "User" u WHERE g."nameKey" LIKE $1 || ' %' AND u."username" = $1;
     INSERT INTO "DirectGrant" ("userId", "roleId")
       SELECT u."id", r."id" FROM "User" u, "Role" r JOIN "Application" a ON a."id" = r."applicationId"
       WHERE u."username" = $1 AND a."key" = $1 || '-1' AND r."key" IN ('role-1', 'role-2', 'role-3');`.replaceAll(
      "$1",
      `'${tag}'`,
    ),
  );
  userId = (await db.query(`SELECT "id" FROM "User" WHERE "username" = $1`, [tag])).rows[0].id;
  await db.end();
});

test.afterAll(async () => {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(`DELETE FROM "User" WHERE "username" = $1`, [tag]);
  await db.query(`DELETE FROM "Group" WHERE "nameKey" LIKE $1`, [`${tag} %`]);
  await db.query(`DELETE FROM "Role" WHERE "applicationId" IN (SELECT "id" FROM "Application" WHERE "key" LIKE $1)`, [
    `${tag}-%`,
  ]);
  await db.query(`DELETE FROM "Application" WHERE "key" LIKE $1`, [`${tag}-%`]);
  await db.end();
});

test("a user in 150 groups with 300 roles gets an admin page of normal size, sources kept", async ({
  page,
}, testInfo) => {
  await signIn(page, "admin");
  const response = await page.goto(`/admin/users/${userId}`);
  const html = (await response!.body()).length;
  testInfo.annotations.push({ type: "admin user page bytes", description: String(html) });
  // The budget covers the page's frame too, which grew with the API tokens and API reference entries
  // of the navigation (about 1 kB): the heavy data itself is paged.
  expect(html).toBeLessThan(160_000);
  const roles = page.getByRole("table", { name: "Effective roles" });
  await expect(roles.getByRole("columnheader", { name: "Inherited from" })).toBeVisible();
  await expect(roles.getByRole("columnheader", { name: "Direct" })).toBeVisible();
  await expect(page.getByText(/300 roles \(Heavy 1 .* 100, .*\), 3 direct\./)).toBeVisible();
  await expect(roles.getByRole("row")).toHaveCount(21);
  // A role inherited from ten groups names two and offers the rest.
  const first = roles.getByRole("row").nth(1);
  await expect(first.getByRole("cell").nth(3)).toHaveText("Yes");
  await first.getByRole("link", { name: "8 more groups" }).first().click();
  await expect(page).toHaveURL(/sources=/);
  await expect(
    roles
      .getByRole("row")
      .nth(1)
      .getByRole("link", { name: /^zz-heavy/ }),
  ).toHaveCount(10);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "heavy-user-page");
  // Roles page by page, the groups too.
  await page.getByRole("navigation", { name: "Pagination" }).last().getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/rpage=2/);
  await expect(page.getByText("page 2 of 15")).toBeVisible();
  await expect(page.getByRole("list", { name: "Groups of the user" }).getByRole("listitem")).toHaveCount(20);
});

test("the heavy user's My access page stays small and names every source kind", async ({ page }, testInfo) => {
  await signIn(page, tag);
  const response = await page.goto("/me");
  const html = (await response!.body()).length;
  testInfo.annotations.push({ type: "My access page bytes", description: String(html) });
  expect(html).toBeLessThan(150_000);
  await expect(page.getByText("You are in 150 groups.")).toBeVisible();
  await expect(page.getByText("Directly assigned").first()).toBeVisible();
  await expect(page.getByText(/^Inherited from zz-heavy/).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /more groups$/ }).first()).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "heavy-my-access");
});

test("the groups list pages with the keyboard; the URL keeps the position for Back and sharing", async ({
  page,
}, testInfo) => {
  await signIn(page, "admin");
  await page.goto(`/admin/groups?q=${tag}`);
  const pager = page.getByRole("navigation", { name: "Pagination" });
  await expect(pager.getByText("150 groups · showing 25")).toBeVisible();
  await expect(pager.getByText("Previous")).toHaveAttribute("aria-disabled", "true");
  await pager.getByRole("link", { name: "Next" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=n\./);
  await expect(page.getByRole("link", { name: `${tag} 026`, exact: true })).toBeVisible();
  const second = page.url();
  await pager.getByRole("link", { name: "Last" }).click();
  await expect(page.getByRole("link", { name: `${tag} 150`, exact: true })).toBeVisible();
  await expect(pager.getByText("Next")).toHaveAttribute("aria-disabled", "true");
  await page.goBack();
  await expect(page).toHaveURL(second);
  await expect(page.getByRole("link", { name: `${tag} 026`, exact: true })).toBeVisible();
  await pager.getByRole("link", { name: "Previous" }).click();
  await expect(page.getByRole("link", { name: `${tag} 001`, exact: true })).toBeVisible();
  await expect(pager.getByText("First")).toHaveAttribute("aria-disabled", "true");
  await page.goto(second); // a shared link shows the same rows
  await expect(page.getByRole("link", { name: `${tag} 026`, exact: true })).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "groups-keyset-paging");
});

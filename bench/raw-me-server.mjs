/**
 * The raw-SQL baseline of GET /api/me for bench/run.ts: a bare node:http server answering the
 * same JSON from the same one statement over pg (no framework, no session decoding).
 * Usage: DATABASE_URL=… node bench/raw-me-server.mjs <port> <userId>
 */
import { createServer } from "node:http";
import pg from "pg";

const [port, userId] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const SQL = `
  SELECT u."id", u."username", u."displayName", u."email", u."status"::text AS "status", u."sessionVersion",
    ARRAY(
      SELECT DISTINCT a."key" || ':' || r."key" FROM "EffectiveGrant" e
      JOIN "Role" r ON r."id" = e."roleId" JOIN "Application" a ON a."id" = r."applicationId"
      WHERE e."userId" = u."id" ORDER BY 1
    ) AS "roleKeys",
    ARRAY(
      SELECT g."name" FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
      WHERE m."userId" = u."id" ORDER BY g."nameKey", g."id" LIMIT 201
    ) AS "groups"
  FROM "User" u WHERE u."id" = $1::uuid`;

createServer(async (_request, response) => {
  const { rows } = await pool.query(SQL, [userId]);
  const user = rows[0];
  const body = JSON.stringify({
    id: user.id,
    username: user.username,
    email: user.email,
    name: user.displayName,
    groups: user.groups.slice(0, 200),
    roles: user.roleKeys.slice(0, 200),
    overage: { groups: user.groups.length > 200, roles: user.roleKeys.length > 200, cap: 200 },
    links: { groups: "/api/me/groups", roles: "/api/me/roles" },
  });
  response.writeHead(200, { "Content-Type": "application/json" }).end(body);
}).listen(Number(port), "127.0.0.1", () => console.log(`raw /api/me baseline on ${port}`));

/**
 * Calls the /scim/v2 route handlers in-process, as Next would route a request to them, so that
 * integration tests exercise authentication, body limits, errors and the DAL against PostgreSQL.
 */
import * as rootSearch from "@/app/scim/v2/.search/route";
import * as catchAll from "@/app/scim/v2/[...path]/route";
import * as groupSearch from "@/app/scim/v2/Groups/.search/route";
import * as group from "@/app/scim/v2/Groups/[id]/route";
import * as groups from "@/app/scim/v2/Groups/route";
import * as resourceType from "@/app/scim/v2/ResourceTypes/[id]/route";
import * as resourceTypes from "@/app/scim/v2/ResourceTypes/route";
import * as schema from "@/app/scim/v2/Schemas/[id]/route";
import * as schemas from "@/app/scim/v2/Schemas/route";
import * as config from "@/app/scim/v2/ServiceProviderConfig/route";
import * as userSearch from "@/app/scim/v2/Users/.search/route";
import * as user from "@/app/scim/v2/Users/[id]/route";
import * as users from "@/app/scim/v2/Users/route";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Module = Partial<Record<string, Handler>>;

const ROUTES: [RegExp, Module, string][] = [
  [/^\/\.search$/, rootSearch, ""],
  [/^\/Users$/, users, ""],
  [/^\/Users\/\.search$/, userSearch, ""],
  [/^\/Users\/([^/]+)$/, user, "id"],
  [/^\/Groups$/, groups, ""],
  [/^\/Groups\/\.search$/, groupSearch, ""],
  [/^\/Groups\/([^/]+)$/, group, "id"],
  [/^\/ServiceProviderConfig$/, config, ""],
  [/^\/ResourceTypes$/, resourceTypes, ""],
  [/^\/ResourceTypes\/([^/]+)$/, resourceType, "id"],
  [/^\/Schemas$/, schemas, ""],
  [/^\/Schemas\/([^/]+)$/, schema, "id"],
];

export interface ScimAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function scim(
  method: string,
  pathAndQuery: string,
  options: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ScimAnswer> {
  const url = new URL(`http://gatehouse.test/scim/v2${pathAndQuery}`);
  const path = url.pathname.slice("/scim/v2".length);
  let handler: Handler | undefined;
  let params: Record<string, string | string[]> = {};
  for (const [pattern, module, param] of ROUTES) {
    const match = pattern.exec(path);
    if (match) {
      handler = module[method];
      if (param) params = { [param]: decodeURIComponent(match[1]!) };
      break;
    }
  }
  if (!handler) {
    handler = (catchAll as Module)[method];
    params = { path: path.split("/").filter(Boolean) };
  }
  if (!handler) throw new Error(`no ${method} handler for ${path}`);
  const headers: Record<string, string> = { "content-type": "application/scim+json", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

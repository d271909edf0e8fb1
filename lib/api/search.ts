import "server-only";
import type { PickerOption } from "@/components/pickers/types";
import { authorize, type Actor } from "@/lib/dal/actor";
import type { Permission } from "@/lib/access/permissions";
import { withApiActor } from "./json";

/**
 * Seconds a browser may reuse a picker's answer. Short, because the lists change under the
 * admin (a user just added to a group still shows as addable until it expires); private,
 * because the answer depends on who asks.
 */
export const SEARCH_MAX_AGE = 10;

/**
 * GET handler of a picker's search (`?q=…` plus the filters `params` names): route handlers,
 * unlike server actions, run in parallel and can be cached and cancelled. 401 JSON without a
 * session, 403 JSON without `permission`; the DAL call authorizes again.
 */
export function searchRoute<P extends string>(
  permission: Permission,
  params: readonly P[],
  find: (actor: Actor, query: string, filters: Partial<Record<P, string>>) => Promise<PickerOption[]>,
) {
  return async (request: Request) => {
    const url = new URL(request.url);
    const query = (url.searchParams.get("q") ?? "").slice(0, 100);
    const filters: Partial<Record<P, string>> = {};
    for (const name of params) {
      const value = url.searchParams.get(name);
      if (value) filters[name] = value;
    }
    const response = await withApiActor(async (actor) => {
      authorize(actor, permission);
      return { options: await find(actor, query, filters) };
    });
    if (response.ok) {
      response.headers.set("Cache-Control", `private, max-age=${SEARCH_MAX_AGE}`);
      response.headers.set("Vary", "Cookie");
    }
    return response;
  };
}

import { count } from "@/lib/text/plural";

/**
 * In-memory paging and collapsing for lists a page already holds in full (a user's groups and
 * effective roles: hundreds at most, read in one query). Page numbers are cheap here, unlike
 * the keyset-paged tables, and keep a heavy user's page to a normal size.
 */
export const ACCESS_PAGE_SIZE = 20;
/** How many source groups a role shows before "and N more groups". */
export const SHOWN_SOURCES = 2;

export function slicePage<T>(items: T[], rawPage: unknown, pageSize = ACCESS_PAGE_SIZE) {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const asked = typeof rawPage === "string" && /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : 1;
  const page = Math.min(Math.max(asked, 1), pageCount);
  return { items: items.slice((page - 1) * pageSize, page * pageSize), page, pageCount, total: items.length };
}

/** The first `shown` items and how many more there are; all of them when `expanded`. */
export function collapse<T>(items: T[], expanded = false, shown = SHOWN_SOURCES) {
  // Hiding a single item saves nothing: "and 1 more group" is as long as the group's name.
  if (expanded || items.length <= shown + 1) return { head: items, more: 0 };
  return { head: items.slice(0, shown), more: items.length - shown };
}

/** "Bench 280, CRM 20 and 3 more applications": roles counted by application, largest first. */
export function countsByApplication(roles: { applicationName: string }[], shown = 4) {
  const counts = new Map<string, number>();
  for (const role of roles) counts.set(role.applicationName, (counts.get(role.applicationName) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const head = sorted.slice(0, shown).map(([name, n]) => `${name} ${n}`);
  const rest = sorted.length - shown;
  return rest > 0 ? `${head.join(", ")} and ${count(rest, "more application", "more applications")}` : head.join(", ");
}

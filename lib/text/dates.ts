// One formatter per format for every call: `Date#toLocaleString` with options builds a new
// Intl.DateTimeFormat each time, a measurable share of rendering a page of rows (bench/http.ts).
// UTC, so the server's HTML and the browser's render agree.
const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "25 Nov 2026, 14:03 UTC" */
export function formatWhen(at: Date) {
  return `${WHEN.format(at)} UTC`;
}

/** "25 Nov 2026" */
export function formatDay(at: Date) {
  return DAY.format(at);
}

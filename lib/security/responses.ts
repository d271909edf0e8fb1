import { NextResponse } from "next/server";

/** Seconds a client should wait before asking again while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;
export const OUTAGE_MESSAGE = "Gatehouse can't reach its database; retrying.";

/** JSON routes: 503 with Retry-After, so API clients back off and try again. */
export function outageJson(): NextResponse {
  return NextResponse.json(
    { error: "unavailable", message: OUTAGE_MESSAGE },
    { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

/**
 * Pages: a self-contained 503 page that reloads itself (no script, so no nonce needed) and
 * shows the page the person asked for as soon as the database answers again.
 */
export function outagePage(): NextResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS}">
<title>Unavailable · Gatehouse</title>
<style>
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a}
main{max-width:28rem;padding:2rem;text-align:center}
h1{font-size:1.5rem;margin:0 0 .75rem}
p{color:#475569;line-height:1.5;margin:.5rem 0}
.spin{display:inline-block;width:1rem;height:1rem;border:2px solid #cbd5e1;border-top-color:#4f46e5;border-radius:50%;animation:s 1s linear infinite;vertical-align:-3px;margin-right:.5rem}
@keyframes s{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spin{animation:none}}
</style></head>
<body><main role="alert">
<h1>Gatehouse can't reach its database</h1>
<p><span class="spin" aria-hidden="true"></span>Retrying every ${RETRY_AFTER_SECONDS} seconds. This page comes back by itself when the database answers.</p>
<p>Nothing you did caused this, and nothing was changed. If it lasts, tell your administrator.</p>
</main></body></html>`;
  return new NextResponse(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(RETRY_AFTER_SECONDS),
      "Cache-Control": "no-store",
    },
  });
}

/** Server actions take at most this much: Next's default `serverActions.bodySizeLimit` (1 MB). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/** A body over the limit is refused before any code reads it, with a status that says so. */
export function tooLarge(): NextResponse {
  return NextResponse.json(
    { error: "too_large", message: "This request is too large: a form can send at most 1 MB." },
    { status: 413, headers: { "Cache-Control": "no-store" } },
  );
}

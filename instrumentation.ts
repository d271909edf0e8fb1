export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertProductionEnvironment } = await import("./lib/env/production-check");
    assertProductionEnvironment();
  }
}

/**
 * A request failed because the database went away: forget the cached "ready" answer so the
 * proxy checks again at once and the next request gets the outage page, not another error.
 */
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ isDatabaseUnavailable }, { forgetDatabaseReady }] = await Promise.all([
    import("./lib/dal/errors"),
    import("./lib/dal/health"),
  ]);
  if (isDatabaseUnavailable(error)) forgetDatabaseReady();
}

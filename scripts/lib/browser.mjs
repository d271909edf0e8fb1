/**
 * A Chromium for the browser tests, found or installed, with a line saying which:
 * CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own build (downloaded
 * where its host is reachable), else Debian's `chromium` package when running as root.
 * Returns the executable to use, or undefined for Playwright's own.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { root } from "./database.mjs";

const DEBIAN = "/usr/bin/chromium";
const log = (message) => console.log(`\x1b[2m[browser]\x1b[0m ${message}`);

export function ensureBrowser() {
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH is ${process.env.CHROMIUM_PATH}, which does not exist.`);
  }
  if (existsSync(DEBIAN)) return DEBIAN;

  log("no Chromium found: downloading Playwright's own build (npx playwright install chromium) ...");
  const playwright = path.join(root, "node_modules/.bin/playwright");
  const download = spawnSync(playwright, ["install", "chromium"], { cwd: root, stdio: "ignore", timeout: 300_000 });
  if (download.status === 0) {
    log("using Playwright's Chromium");
    return undefined;
  }

  if (process.getuid?.() === 0) {
    log("Playwright's download host is not reachable: installing Debian's chromium package (apt-get) ...");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install =
      update.status === 0 && spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "ignore", env });
    if (install && install.status === 0 && existsSync(DEBIAN)) {
      log(`using ${DEBIAN}`);
      return DEBIAN;
    }
  }
  throw new Error(
    "No Chromium for the browser tests, and none could be installed. Install one " +
      "(Debian/Ubuntu: sudo apt-get install chromium; elsewhere: npx playwright install chromium) " +
      "or set CHROMIUM_PATH to a Chromium executable.",
  );
}

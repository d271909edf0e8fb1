import { z } from "zod";
import { nameSchema, text } from "./common";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A redirect URI as the provider compares it: exactly, so no fragment and no wildcards.
 * https, or http on a loopback address (local development and native apps); a public client
 * (native app) may also use a private-use scheme such as com.example.app:/callback.
 */
export function redirectUriProblem(value: string, allowCustomScheme: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${value} is not an absolute URL.`;
  }
  if (url.hash || value.includes("#")) return `${value} must not contain a fragment (#).`;
  if (value.includes("*")) return `${value}: wildcards are not allowed; list every URI exactly.`;
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") return LOOPBACK.has(url.hostname) ? null : `${value} must use https://.`;
  if (allowCustomScheme && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) return null;
  return allowCustomScheme
    ? `${value} must use https://, http:// on localhost, or an app scheme such as com.example.app:/callback.`
    : `${value} must use https:// (http:// only on localhost).`;
}

const uriList = text({ multiline: true })
  .max(5000, "At most 5,000 characters of URIs.")
  .transform((v) => [...new Set(v.split(/\s+/).filter(Boolean))]);

const baseSchema = z.strictObject({
  name: nameSchema("client"),
  type: z.enum(["CONFIDENTIAL", "PUBLIC"], { error: "Pick the kind of application." }),
  redirectUris: uriList,
  postLogoutRedirectUris: uriList.default([]),
  backchannelLogoutUri: text().trim().max(500).default(""),
  assignmentRequired: z.boolean().default(false),
  thirdParty: z.boolean().default(false),
  /** The stage whose groups and roles its tokens carry; the default stage when empty (create) or unchanged (edit). */
  stageId: text().trim().max(64).default(""),
  tokenTtlMinutes: z.coerce
    .number({ error: "Enter a number of minutes." })
    .int("Enter whole minutes.")
    .min(1, "Tokens live at least 1 minute.")
    .max(60, "Tokens live at most 60 minutes: refresh them instead.")
    .default(5),
});

/** Create and edit share one schema; the URIs are checked one by one, with the offending one named. */
export const clientSchema = baseSchema.superRefine((data, ctx) => {
  const custom = data.type === "PUBLIC";
  if (data.redirectUris.length === 0) {
    ctx.addIssue({ code: "custom", path: ["redirectUris"], message: "Enter at least one redirect URI." });
  }
  if (data.redirectUris.length > 20) {
    ctx.addIssue({ code: "custom", path: ["redirectUris"], message: "At most 20 redirect URIs." });
  }
  for (const field of ["redirectUris", "postLogoutRedirectUris"] as const) {
    for (const uri of data[field]) {
      const problem = redirectUriProblem(uri, custom);
      if (problem) {
        ctx.addIssue({ code: "custom", path: [field], message: problem });
        break;
      }
    }
  }
  if (data.backchannelLogoutUri) {
    const problem = redirectUriProblem(data.backchannelLogoutUri, false);
    if (problem) ctx.addIssue({ code: "custom", path: ["backchannelLogoutUri"], message: problem });
  }
});
export type ClientInput = z.input<typeof clientSchema>;

import { z } from "zod";
import { TOKEN_PERMISSIONS } from "@/lib/access/permissions";
import { nameSchema } from "./common";

/** The expiries the "Create API token" form offers; the API accepts any number of days up to a year. */
export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 180, 365] as const;
export const DEFAULT_TOKEN_EXPIRY_DAYS = 90;

export const createTokenSchema = z.object({
  name: nameSchema("token", 60),
  permissions: z
    .array(z.enum(TOKEN_PERMISSIONS, { error: "Not a permission a token can carry." }))
    .min(1, "Pick at least one permission.")
    .transform((permissions) => [...new Set(permissions)]),
  expiresInDays: z
    .number({ error: "Choose an expiry." })
    .int("Choose an expiry in whole days.")
    .min(1, "A token lasts at least one day.")
    .max(365, "A token lasts at most a year; create a new one when it expires.")
    .default(DEFAULT_TOKEN_EXPIRY_DAYS),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

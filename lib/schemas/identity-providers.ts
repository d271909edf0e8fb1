import { z } from "zod";
import { isAllowedIssuer } from "@/lib/access/issuer";
import { idListSchema, keySchema, nameSchema, secret, text } from "./common";

const issuerSchema = text()
  .trim()
  .max(500)
  .url("Enter the issuer URL, e.g. https://login.example.com/realms/acme.")
  .refine(
    isAllowedIssuer,
    "The issuer URL must start with https:// (http:// only for localhost or 127.0.0.1, for local testing).",
  )
  .transform((v) => v.replace(/\/+$/, ""));

const fields = {
  name: nameSchema("provider"),
  issuer: issuerSchema,
  clientId: text().trim().min(1, "Enter the client id.").max(300),
  scopes: text()
    .trim()
    .max(300)
    .default("openid profile email")
    .refine((v) => v.split(/\s+/).includes("openid"), "The scopes must include openid."),
  groupsClaim: text()
    .trim()
    .min(1, "Enter the claim that carries groups.")
    .max(100)
    .regex(/^[\w:./-]+$/, "Use the claim's name as the provider sends it, e.g. groups.")
    .default("groups"),
  enabled: z.boolean().default(true),
  linkByVerifiedEmail: z.boolean().default(false),
};

export const createProviderSchema = z.strictObject({
  key: keySchema,
  ...fields,
  clientSecret: secret().min(1, "Enter the client secret.").max(1000),
});
export type CreateProviderInput = z.input<typeof createProviderSchema>;

/** Leave the secret empty to keep the stored one. */
export const updateProviderSchema = z.strictObject({
  ...fields,
  clientSecret: secret().max(1000).default(""),
});
export type UpdateProviderInput = z.input<typeof updateProviderSchema>;

export const addMappingSchema = z.strictObject({
  value: text().trim().min(1, "Enter the group value the provider sends.").max(300),
  groupIds: idListSchema.pipe(z.array(text()).min(1, "Pick at least one group.")),
});
export type AddMappingInput = z.input<typeof addMappingSchema>;

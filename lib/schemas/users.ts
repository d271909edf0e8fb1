import { z } from "zod";
import { idListSchema, nameSchema, secret, text } from "./common";

export const usernameSchema = text()
  .trim()
  .toLowerCase()
  .min(2, "The username must be at least 2 characters.")
  .max(64, "The username can be at most 64 characters.")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use letters, digits, dots, dashes or underscores.");

export const emailSchema = text()
  .trim()
  .toLowerCase()
  .max(254, "The email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }));

export const passwordSchema = secret()
  .min(12, "The password must be at least 12 characters.")
  .max(256, "The password can be at most 256 characters.")
  .refine((value) => new Set(value).size >= 5, "The password is too repetitive.");

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  email: emailSchema,
  displayName: nameSchema("display", 100),
  password: passwordSchema,
  groupIds: idListSchema.default([]),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  email: emailSchema,
  displayName: nameSchema("display", 100),
});
export type UpdateUserInput = z.input<typeof updateUserSchema>;

/** An administrator links a user to their account at an identity provider (its subject, `sub`). */
export const linkIdentitySchema = z.strictObject({
  providerId: z.uuid({ error: "Choose an identity provider." }),
  subject: text()
    .trim()
    .min(1, "Enter the subject (sub) the provider sends for this person.")
    .max(255, "The subject can be at most 255 characters."),
});
export type LinkIdentityInput = z.input<typeof linkIdentitySchema>;

export const setPasswordSchema = z.strictObject({ password: passwordSchema });

export const changeOwnPasswordSchema = z
  .strictObject({
    currentPassword: secret().min(1, "Enter your current password.").max(1024),
    newPassword: passwordSchema,
    confirmPassword: secret(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: "The two new passwords do not match.",
    path: ["confirmPassword"],
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    message: "Choose a password different from the current one.",
    path: ["newPassword"],
  });
export type ChangeOwnPasswordInput = z.input<typeof changeOwnPasswordSchema>;

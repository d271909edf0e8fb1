import { z } from "zod";
import { secret, text } from "./common";

export const signInSchema = z.object({
  username: text().trim().min(1, "Enter your username or email.").max(254),
  password: secret().min(1, "Enter your password.").max(1024),
});
export type SignInInput = z.infer<typeof signInSchema>;

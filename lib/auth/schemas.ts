import { z } from "zod";

export const ZEmail = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }));

export const ZNewPassword = z
  .string({ error: "Choose a password." })
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");

export const ZSignInSchema = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(200, "That password is too long."),
});

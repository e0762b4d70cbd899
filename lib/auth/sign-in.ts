import { CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { AppError } from "@/lib/errors";
import { signIn } from "./index";
import { assertSignInAllowed, clientIp } from "./rate-limit";

const INVALID = "Invalid email or password.";

/** Signs in with a password; rate limited per email and per IP before the password is even checked. */
export async function passwordSignIn(email: string, password: string): Promise<void> {
  await assertSignInAllowed(email, clientIp(await headers()));
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      if (error.code === "rate_limited") await assertSignInAllowed(email, clientIp(await headers()));
      throw new AppError("unauthorized", INVALID);
    }
    throw error;
  }
}


import { describe, expect, it } from "vitest";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { linkGoogleAccount } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { seedUser } from "@/lib/seed/factories";
import { linkIn, outboxFor, tokenFrom, unique, uniqueEmail } from "./helpers";

// A Google sign-in proves its email; a password account made with that email proves nothing until
// its owner follows a link sent there. Joining the two before that would hand the account to
// whoever registered the address first (account pre-hijacking).

const googleAccounts = (userId: string) => db.oAuthAccount.count({ where: { userId, provider: "google" } });

describe("signing in with Google", () => {
  it("creates the user at a first sign-in, and finds the same one the next time", async () => {
    const email = uniqueEmail("newcomer");
    const googleId = unique("g");
    expect(await linkGoogleAccount(email, "New Comer", googleId)).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(await linkGoogleAccount(email, "New Comer", googleId)).toBe(true);
    expect(await googleAccounts(user.id)).toBe(1);
  });

  it("refuses to join a password account whose address was never confirmed", async () => {
    const planted = await seedUser();
    expect(await linkGoogleAccount(planted.email, "Real Owner", unique("g"))).toBe(false);
    expect(await googleAccounts(planted.id)).toBe(0);
  });

  it("joins a password account once a password reset has confirmed its address", async () => {
    const owner = await seedUser();
    await requestPasswordReset({ email: owner.email });
    const [mail] = await outboxFor(owner.email);
    await resetPassword(tokenFrom(linkIn(mail!.text, "/reset-password/")), { password: "a brand new password 1" });
    expect(await linkGoogleAccount(owner.email, null, unique("g"))).toBe(true);
    expect(await googleAccounts(owner.id)).toBe(1);
  });
});

import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Google from "next-auth/providers/google";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientIp } from "./rate-limit";
import { GOOGLE_LINK_REFUSED, googleSignUpRefused, linkGoogleAccount, SIGN_UP_INVITE_ONLY, verifyCredentials } from "./users";
import { logger } from "@/lib/log";

const log = logger("auth");

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null };
  }
}

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

export const googleEnabled = (): boolean => Boolean(process.env.GOOGLE_CLIENT_ID && process.env.GOOGLE_CLIENT_SECRET);

const config: NextAuthConfig = {
  trustHost: true,
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // Failed passwords are expected; keep them out of the error log.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      log.error("sign-in failed", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        try {
          const user = await verifyCredentials(credentials, clientIp(request.headers));
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          if (error instanceof AppError && error.code === "rate_limited") throw new RateLimitedSignIn();
          if (error instanceof AppError) return null;
          throw error;
        }
      },
    }),
    ...(googleEnabled() ? [Google({ clientId: process.env.GOOGLE_CLIENT_ID, clientSecret: process.env.GOOGLE_CLIENT_SECRET })] : []),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "google") return true;
      if (!profile?.email || profile.email_verified !== true) return false;
      if (await googleSignUpRefused(profile.email.toLowerCase())) return `/sign-in?error=${SIGN_UP_INVITE_ONLY}`;
      const linked = await linkGoogleAccount(profile.email.toLowerCase(), profile.name ?? null, account.providerAccountId);
      return linked ? true : `/sign-in?error=${GOOGLE_LINK_REFUSED}`;
    },
    async jwt({ token, user, account }) {
      if (user) {
        const email = (user.email ?? "").toLowerCase();
        const row = await db.user.findUnique({
          where: account?.provider === "google" ? { email } : { id: user.id! },
          select: { id: true, sessionVersion: true },
        });
        if (!row) return null;
        token.uid = row.id;
        token.sv = row.sessionVersion;
        return token;
      }
      // Every request re-checks the user: a deleted account or a changed password ends the session.
      if (typeof token.uid !== "string") return null;
      const row = await db.user.findUnique({ where: { id: token.uid }, select: { email: true, name: true, sessionVersion: true } });
      if (!row || row.sessionVersion !== token.sv) return null;
      token.email = row.email;
      token.name = row.name;
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: token.uid as string, email: token.email as string, name: (token.name as string | null) ?? null };
      return session;
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);

import { googleEnabled } from "@/lib/auth";
import { Button } from "@/components/ui/button";
import { googleSignInAction } from "./actions";

/** Shown only when Google sign-in is configured. */
export function GoogleButton({ callbackUrl }: { callbackUrl?: string }) {
  if (!googleEnabled()) return null;
  return (
    <form action={googleSignInAction} className="mt-4">
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Button type="submit" variant="secondary" className="w-full">
        Continue with Google
      </Button>
    </form>
  );
}

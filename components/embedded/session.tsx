"use client";

import { createContext, useContext, useEffect, useState } from "react";
import { embeddedJson, EmbeddedApiError } from "./app-bridge";
import { LinkShopForm } from "./link-shop";

// The app's first call on every load (POST /api/embedded/session) installs the shop or joins the
// staff member; every view waits for it. A refusal shows the server's message and a reload.

export type EmbeddedSession = {
  shop: string;
  role: "owner" | "admin" | "member" | "viewer";
  workspace: { id: string; slug: string; name: string; timeZone: string; currency: string };
};

/** `linkable`: the shop is already connected to a workspace, which a link code opens here. */
type State = { status: "loading" } | { status: "ready"; session: EmbeddedSession } | { status: "failed"; message: string; linkable: boolean };

const SessionContext = createContext<State>({ status: "loading" });

/** Starts the session once per load; the page's frame renders at once, its data once it is ready. */
export function EmbeddedSessionProvider({ children }: { children: React.ReactNode }) {
  const [state, setState] = useState<State>({ status: "loading" });
  useEffect(() => {
    let live = true;
    embeddedJson<EmbeddedSession>("/api/embedded/session", { method: "POST" })
      .then((session) => live && setState({ status: "ready", session }))
      .catch((error: unknown) => {
        if (!live) return;
        const message = error instanceof EmbeddedApiError ? error.message : "Signalboard could not be reached. Reload Signalboard from your Shopify admin.";
        setState({ status: "failed", message, linkable: error instanceof EmbeddedApiError && error.status === 409 });
      });
    return () => {
      live = false;
    };
  }, []);
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

/** What fails inside the admin: the message, and a reload (which installs or joins again). */
export function EmbeddedFailure({ message, testId = "embedded-error" }: { message: string; testId?: string }) {
  return (
    <div role="alert" className="embedded-card" data-testid={testId}>
      <h2 className="text-sm font-semibold">Signalboard could not open this</h2>
      <p className="mt-2 text-sm text-[#616161]">{message}</p>
      <button type="button" className="embedded-button mt-4" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}

function SessionFailure({ message, linkable }: { message: string; linkable: boolean }) {
  if (!linkable) return <EmbeddedFailure message={message} testId="embedded-session-error" />;
  return (
    <div className="space-y-4">
      <EmbeddedFailure message={message} testId="embedded-session-error" />
      <LinkShopForm intro="Paste the code an owner or admin of that workspace made in Signalboard under Connections, Link a Shopify admin install." />
    </div>
  );
}

/** Renders `children(session)` once the session is ready, `placeholder` until then. */
export function WithSession({ placeholder, children }: { placeholder: React.ReactNode; children: (session: EmbeddedSession) => React.ReactNode }) {
  const state = useContext(SessionContext);
  if (state.status === "failed") return <SessionFailure message={state.message} linkable={state.linkable} />;
  if (state.status === "loading") return <>{placeholder}</>;
  return <>{children(state.session)}</>;
}

/**
 * For a view the server rendered from the document's session token: shown at once, while the
 * session call runs behind it, and replaced only if that call is refused.
 */
export function UnlessSessionFails({ children }: { children: React.ReactNode }) {
  const state = useContext(SessionContext);
  if (state.status === "failed") return <SessionFailure message={state.message} linkable={state.linkable} />;
  return <>{children}</>;
}

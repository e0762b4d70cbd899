import type { Email } from "./mailer";

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function layout(to: string, subject: string, lines: string[], action: { label: string; url: string }, footer: string): Email {
  const text = [...lines, "", `${action.label}: ${action.url}`, "", footer].join("\n");
  const html = `<div style="font-family:system-ui,sans-serif;max-width:480px;margin:auto;color:#0f172a">
${lines.map((line) => `<p>${escape(line)}</p>`).join("\n")}
<p><a href="${escape(action.url)}" style="display:inline-block;background:#4f46e5;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escape(action.label)}</a></p>
<p style="color:#64748b;font-size:13px">${escape(footer)}</p></div>`;
  return { to, subject, text, html };
}

export function invitationEmail(input: { to: string; workspaceName: string; inviterName: string; role: string; url: string }): Email {
  return layout(
    input.to,
    `${input.inviterName} invited you to ${input.workspaceName} on Signalboard`,
    [`${input.inviterName} invited you to join the workspace "${input.workspaceName}" on Signalboard as ${input.role}.`],
    { label: "Accept the invitation", url: input.url },
    "The link works once and expires in 7 days. If you did not expect this, ignore this email.",
  );
}

export function passwordResetEmail(input: { to: string; url: string }): Email {
  return layout(
    input.to,
    "Reset your Signalboard password",
    ["Someone asked to reset the password of your Signalboard account."],
    { label: "Choose a new password", url: input.url },
    "The link works once and expires in 1 hour. If it was not you, ignore this email: your password stays as it is.",
  );
}

export function pastDueEmail(input: { to: string; workspaceName: string; notice: "payment_failed" | "read_only"; until: string; url: string }): Email {
  if (input.notice === "payment_failed") {
    return layout(
      input.to,
      `${input.workspaceName}: the last payment for Signalboard failed`,
      [
        `The last payment for the workspace "${input.workspaceName}" failed.`,
        `Everything keeps working until ${input.until}. After that the workspace becomes read-only (dashboards stay readable; syncs and edits stop) until the payment goes through.`,
      ],
      { label: "Update the payment method", url: input.url },
      "You get this because you own the workspace.",
    );
  }
  return layout(
    input.to,
    `${input.workspaceName} is read-only until its payment goes through`,
    [
      `The grace period after the failed payment for "${input.workspaceName}" ended on ${input.until}.`,
      "The workspace is read-only: dashboards stay readable, but syncs are paused and nothing can be edited. Its data is kept. Paying the open invoice restores everything at once.",
    ],
    { label: "Pay and restore the workspace", url: input.url },
    "You get this because you own the workspace.",
  );
}

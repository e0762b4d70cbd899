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

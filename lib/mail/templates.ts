// The messages this application sends, each in plain text and HTML. Every value from users or the
// directory is escaped in the HTML part; the text part is what most clients' previews show.
import "server-only";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Recipient {
  email: string;
  /** Display name, else username. */
  name: string;
}

/** Who asked for a login link: an administrator (by name) or the user on the sign-in page. */
export type AskedBy = { kind: "admin"; name: string } | { kind: "self" };

export interface LoginLinkMail {
  appName: string;
  appUrl: string;
  to: Recipient;
  url: string;
  expiresAt: Date;
  /** How long the link lives, in words ("1 hour"). */
  lifetime: string;
  /** The typed code of a short-lived link, for /login/code. */
  code?: string;
  askedBy: AskedBy;
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const UTC_FORMAT = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "5 Dec 2026, 14:00 UTC": unambiguous for readers in any time zone. */
export function formatUtc(date: Date): string {
  return `${UTC_FORMAT.format(date)} UTC`;
}

/** Paragraphs (arrays of already-escaped HTML) in a plain, client-safe layout. */
function layout(appName: string, paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${p}</p>`).join("\n");
  return `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;font-size:15px;line-height:1.5">
<p style="margin:0 0 16px;font-weight:600;font-size:18px">${escapeHtml(appName)}</p>
${body}
</div></body></html>`;
}

function askedByText(mail: LoginLinkMail): string {
  return mail.askedBy.kind === "admin"
    ? `${mail.askedBy.name}, an administrator of ${mail.appName}, sent you a link to sign in and add a passkey.`
    : `Someone (hopefully you) asked for a link to sign in to ${mail.appName} on its sign-in page.`;
}

export function loginLinkMessage(mail: LoginLinkMail): MailMessage {
  const expiry = `It works once and expires on ${formatUtc(mail.expiresAt)} (valid for ${mail.lifetime}).`;
  const codeUrl = `${mail.appUrl}/login/code`;
  const text = [
    `Hello ${mail.to.name},`,
    askedByText(mail),
    `Sign in: ${mail.url}`,
    ...(mail.code ? [`Or type this code at ${codeUrl}: ${mail.code}`] : []),
    expiry,
    "If you did not expect this e-mail, ignore it: nothing happens unless the link is opened.",
  ].join("\n\n");
  const html = layout(mail.appName, [
    `Hello ${escapeHtml(mail.to.name)},`,
    escapeHtml(askedByText(mail)),
    `<a href="${escapeHtml(mail.url)}" style="display:inline-block;background:#18181b;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px">Sign in to ${escapeHtml(mail.appName)}</a>`,
    `Or open this link: <a href="${escapeHtml(mail.url)}">${escapeHtml(mail.url)}</a>`,
    ...(mail.code
      ? [`Or type this code at <a href="${escapeHtml(codeUrl)}">${escapeHtml(codeUrl)}</a>: <strong style="font-family:ui-monospace,monospace;font-size:18px;letter-spacing:2px">${escapeHtml(mail.code)}</strong>`]
      : []),
    escapeHtml(expiry),
    escapeHtml("If you did not expect this e-mail, ignore it: nothing happens unless the link is opened."),
  ]);
  return { to: mail.to.email, subject: `Your sign-in link for ${mail.appName}`, text, html };
}

export function testMessage(appName: string, to: string, requestedBy: string): MailMessage {
  const line = `This is a test e-mail from ${appName}, sent by ${requestedBy} from the configuration page. E-mail delivery works.`;
  return { to, subject: `Test e-mail from ${appName}`, text: line, html: layout(appName, [escapeHtml(line)]) };
}

/** Where and how an account was used, for the security notifications. */
export interface AccessDetails {
  at: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

function accessLines(details: AccessDetails): string[] {
  return [
    `Time: ${formatUtc(details.at)}`,
    `Address: ${details.ipAddress ?? "unknown"}`,
    `Browser: ${details.userAgent ? details.userAgent.slice(0, 200) : "unknown"}`,
  ];
}

function notification(appName: string, to: Recipient, subject: string, lead: string, details: AccessDetails): MailMessage {
  const warning = "If this was not you, tell an administrator at once: they can remove the passkey and sign you out everywhere.";
  const lines = accessLines(details);
  const text = [`Hello ${to.name},`, lead, lines.join("\n"), warning].join("\n\n");
  const html = layout(appName, [`Hello ${escapeHtml(to.name)},`, escapeHtml(lead), lines.map(escapeHtml).join("<br>"), escapeHtml(warning)]);
  return { to: to.email, subject, text, html };
}

export function passkeyAddedMessage(appName: string, to: Recipient, passkeyName: string, details: AccessDetails): MailMessage {
  return notification(appName, to, `A passkey was added to your ${appName} account`, `A new passkey, "${passkeyName}", was added to your account.`, details);
}

export function newDeviceMessage(appName: string, to: Recipient, details: AccessDetails): MailMessage {
  return notification(appName, to, `New sign-in to your ${appName} account`, "Your account was just used to sign in from a device or address it has not used before.", details);
}

// Client-safe: what each scope lets an application see, in the words the consent screen uses.
export const SCOPE_TEXT: Record<string, string> = {
  openid: "Know who you are (your account id)",
  profile: "Your name and username",
  email: "Your e-mail address",
  groups: "The groups you belong to",
  offline_access: "Stay signed in while you are away",
};

// The result of "Test connection", as shown in the browser. Client-safe types only; the test itself
// runs on the server (lib/ldap/test-connection.ts). Never holds the bind password.

export type ConnectionTestStepId = "connect" | "bind" | "base" | "users" | "groups";
export type ConnectionTestStatus = "ok" | "warning" | "error";

export interface ConnectionTestStep {
  id: ConnectionTestStepId;
  /** e.g. "Connect", "Bind", "User search". */
  label: string;
  status: ConnectionTestStatus;
  /** Plain-words result, e.g. "Invalid credentials: ...". */
  message: string;
}

/** A directory entry mapped through the attribute configuration, as a sync would see it. */
export interface SampleUser {
  dn: string;
  uniqueId: string | null;
  username: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  /** Why a sync would skip this entry, or null when it would be synced. */
  skipReason: string | null;
}

export interface SampleGroup {
  dn: string;
  uniqueId: string | null;
  name: string | null;
  memberCount: number;
  skipReason: string | null;
}

export interface EntryCount {
  count: number;
  /** true when counting stopped at the limit: there are at least `count`. */
  capped: boolean;
}

export interface ConnectionTestReport {
  /** true when no step failed (warnings allowed). */
  ok: boolean;
  steps: ConnectionTestStep[];
  users: EntryCount | null;
  groups: EntryCount | null;
  sampleUsers: SampleUser[];
  sampleGroups: SampleGroup[];
}

"use client";
// "Send login links" on the users list: to the ticked users, or to everyone the search and filters
// show who has no passkey yet. Runs as a job; the dialog follows its progress, then shows the report.
import { LoginLinkLifetimeSelect } from "@/components/auth/login-link-lifetime-select";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { getBulkInviteRunAction, startBulkInviteAction } from "@/app/settings/admin/users/actions";
import { INVITE_SKIP_PERIODS, type BulkInviteInput, type BulkInviteRun } from "@/lib/mail/bulk-schema";
import type { UserFilters } from "@/lib/users/list-filters";
import { JobsQueryProvider } from "@/components/jobs/query-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { useUserSelection } from "./user-selection";

const POLL_MS = 1_000;
const SKIP_LABELS = { no_email: "no e-mail address", disabled: "disabled", invited_recently: "invited recently" } as const;

function useRun(runId: string | null) {
  return useQuery({
    queryKey: ["jobs", "send-login-links", runId],
    queryFn: async (): Promise<BulkInviteRun> => {
      const result = await getBulkInviteRunAction(runId!);
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data?.status === "running" || !query.state.data ? POLL_MS : false),
  });
}

function RunReport({ runId }: { runId: string }) {
  const { data: run, error } = useRun(runId);
  if (error) return <FormAlert>{error.message}</FormAlert>;
  if (!run || run.status === "running") {
    const { total, processed = 0, sent = 0, skipped = 0, failed = 0 } = run?.progress ?? {};
    return (
      <div className="grid gap-2" role="status" aria-live="polite">
        <progress className="w-full" max={total || 1} value={processed} aria-label="Progress" />
        <p className="text-sm">
          {total === undefined ? "Starting…" : `${processed} of ${total} users: ${sent} sent, ${skipped} skipped, ${failed} failed.`}
        </p>
      </div>
    );
  }
  const report = run.report;
  return (
    <div className="grid gap-3" data-testid="send-login-links-report">
      {run.error && <FormAlert>{run.error}</FormAlert>}
      {report && (
        <>
          <p className="text-sm" role="status">
            Sent {report.sent} of {report.total}. Skipped {report.skipped} ({report.skippedNoEmail} without an e-mail address, {report.skippedDisabled} disabled,{" "}
            {report.skippedInvitedRecently} invited recently). Failed {report.failed}.
          </p>
          {report.failures.length > 0 && (
            <ul className="grid max-h-40 gap-1 overflow-auto text-xs">
              {report.failures.map((failure) => (
                <li key={failure.username}>
                  <span className="font-medium">{failure.username}</span> ({failure.email}): {failure.reason}
                </li>
              ))}
            </ul>
          )}
          {report.skippedUsers.length > 0 && (
            <details className="text-xs">
              <summary className="cursor-pointer">Skipped users</summary>
              <ul className="mt-1 grid max-h-40 gap-1 overflow-auto">
                {report.skippedUsers.map((skip) => (
                  <li key={skip.username}>
                    {skip.username}: {SKIP_LABELS[skip.reason]}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}

export function SendLoginLinksDialog({ q, filters }: { q: string; filters: UserFilters }) {
  const selection = useUserSelection();
  const [open, setOpen] = useState(false);
  const [who, setWho] = useState<"selection" | "filter">("filter");
  const [ttlMinutes, setTtlMinutes] = useState("10080");
  const [skipHours, setSkipHours] = useState("24");
  const [runId, setRunId] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const selected = selection.ids.size;
  const target = selected > 0 && who === "selection" ? "selection" : "filter";

  async function send() {
    setPending(true);
    try {
      const input: BulkInviteInput = {
        target: target === "selection" ? { kind: "selection", userIds: [...selection.ids] } : { kind: "filter", q, ...filters },
        ttlMinutes: Number(ttlMinutes),
        skipInvitedWithinHours: Number(skipHours),
      };
      const result = await startBulkInviteAction(input);
      if (!result.ok) return void toast.error("Login links not sent", result.message);
      setRunId(result.data.runId);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setRunId(null);
        if (next) setWho(selected > 0 ? "selection" : "filter");
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" variant="outline">
          <Send aria-hidden="true" />
          Send login links
        </Button>
      </DialogTrigger>
      <DialogContent title="Send login links" description="E-mails each user a single-use link to sign in and add a passkey." className="sm:max-w-xl">
        <JobsQueryProvider>
          {runId ? (
            <RunReport runId={runId} />
          ) : (
            <div className="grid gap-4">
              <FormField id="send-links-who" label="Send to">
                <Select value={target} onChange={(event) => setWho(event.target.value as "selection" | "filter")}>
                  {selected > 0 && <option value="selection">The {selected} selected users</option>}
                  <option value="filter">Everyone matching the search and filters who has no passkey</option>
                </Select>
              </FormField>
              <FormField id="send-links-lifetime" label="Links valid for">
                <LoginLinkLifetimeSelect value={ttlMinutes} onMinutesChange={setTtlMinutes} />
              </FormField>
              <FormField id="send-links-skip" label="Skip users e-mailed a login link within" description="Re-running within this period sends nothing to those already invited.">
                <Select value={skipHours} onChange={(event) => setSkipHours(event.target.value)}>
                  {INVITE_SKIP_PERIODS.map((period) => (
                    <option key={period.hours} value={period.hours}>
                      {period.label}
                    </option>
                  ))}
                </Select>
              </FormField>
            </div>
          )}
        </JobsQueryProvider>
        <DialogFooter>
          {!runId && (
            <Button type="button" loading={pending} onClick={send}>
              <Send aria-hidden="true" />
              Send
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

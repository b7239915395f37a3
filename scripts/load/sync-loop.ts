// Keeps an LDAP sync running for as long as the load lasts: starts one through the cron API,
// waits for it to finish, starts the next.
export interface SyncLoopReport {
  succeeded: number;
  failed: number;
  durationsMs: number[];
  errors: string[];
}

interface RunSummary {
  status: string;
  durationMs: number | null;
  error: string | null;
}

export class SyncLoop {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly report: SyncLoopReport = { succeeded: 0, failed: 0, durationsMs: [], errors: [] };

  constructor(
    private readonly appUrl: string,
    private readonly cronSecret: string,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Waits for the sync in progress, then reports every run. */
  async stop(): Promise<SyncLoopReport> {
    this.running = false;
    await this.loop;
    return this.report;
  }

  private async api(path: string, method = "GET"): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.appUrl}/api/jobs/sync-ldap${path}`, { method, headers: { authorization: `Bearer ${this.cronSecret}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = await this.api("", "POST");
      if (started.status !== 202 && started.status !== 409) throw new Error(`starting a sync answered ${started.status}`);
      const runId = String(started.body.runId);
      let run: RunSummary;
      for (;;) {
        run = ((await this.api(`?runId=${runId}`)).body.run ?? {}) as RunSummary;
        if (run.status !== "running") break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (run.status === "succeeded") this.report.succeeded++;
      else {
        this.report.failed++;
        this.report.errors.push(run.error ?? run.status);
      }
      if (run.durationMs !== null) this.report.durationsMs.push(run.durationMs);
    }
  }
}

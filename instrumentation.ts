export async function register(): Promise<void> {
  // Node-only services (database, sockets, scheduler) never load in the edge runtime.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("./lib/server-only-runtime")).mapServerOnlyMarker();
  const { startServer } = await import("./lib/server-startup");
  await startServer();
}

"use client";
// The recent sync runs at a glance: bars for the number of changes, a line for the duration, and
// failed runs marked with a red cross. Loaded on its own (next/dynamic in ldap-sync-panel.tsx), so
// the chart library only reaches the browser on the configuration page. Each run is one mark with
// an accessible name that says what it shows.
import { Bar, CartesianGrid, Cell, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type DotItemDotProps } from "recharts";
import type { SyncTrendPoint } from "@/lib/ldap/run-types";
import { formatDuration } from "./format";

interface ChartPoint extends SyncTrendPoint {
  /** The duration in the axis's unit. */
  duration: number;
  label: string;
  description: string;
}

const COLORS = {
  changes: "var(--color-info)",
  duration: "var(--color-foreground)",
  failed: "var(--color-destructive)",
  grid: "var(--color-border)",
  axis: "var(--color-muted-foreground)",
};

const shortTime = (iso: string) => new Date(iso).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

function describeRun(point: SyncTrendPoint): string {
  const result = point.status === "failed" ? (point.stoppedByGuard ? "stopped by the removal guard" : "failed") : "succeeded";
  const changes = `${point.changes} ${point.changes === 1 ? "change" : "changes"}`;
  return `Sync run ${shortTime(point.startedAt)}: ${result}, ${formatDuration(point.durationMs)}, ${changes}`;
}

/** A run's mark on the duration line: a dot, or a cross for a failed run. */
function RunMark({ cx, cy, payload }: DotItemDotProps) {
  const point = payload as ChartPoint;
  if (typeof cx !== "number" || typeof cy !== "number") return null;
  const failed = point.status === "failed";
  return (
    <g role="img" aria-label={point.description} data-status={point.status}>
      <title>{point.description}</title>
      {failed ? (
        <path d={`M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`} stroke={COLORS.failed} strokeWidth={2.5} />
      ) : (
        <circle cx={cx} cy={cy} r={3.5} fill={COLORS.duration} />
      )}
    </g>
  );
}

export default function SyncTrendsChart({ points }: { points: SyncTrendPoint[] }) {
  // Sub-second runs (small directories) read better in milliseconds than in fractions of a second.
  const unit = Math.max(...points.map((point) => point.durationMs)) < 1000 ? "ms" : "s";
  const data: ChartPoint[] = points.map((point) => ({
    ...point,
    duration: unit === "ms" ? point.durationMs : Math.round(point.durationMs / 100) / 10,
    label: shortTime(point.startedAt),
    description: describeRun(point),
  }));
  const failures = points.filter((point) => point.status === "failed").length;
  return (
    <figure aria-labelledby="sync-trends-caption" className="grid gap-2">
      <figcaption id="sync-trends-caption" className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <span className="font-medium">
          Sync trends: the last {points.length} {points.length === 1 ? "run" : "runs"}
          {failures > 0 && `, ${failures} failed`}
        </span>
        <span className="flex flex-wrap gap-3 text-xs text-muted-foreground">
          <span className="flex items-center gap-1">
            <span aria-hidden="true" className="inline-block size-2.5 rounded-sm bg-info" /> Changes
          </span>
          <span className="flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-0.5 w-3 bg-foreground" /> Duration
          </span>
          <span className="flex items-center gap-1">
            <span aria-hidden="true" className="font-bold text-destructive">
              ✕
            </span>{" "}
            Failed
          </span>
        </span>
      </figcaption>
      <div className="h-48 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: COLORS.axis }} tickLine={false} axisLine={{ stroke: COLORS.grid }} minTickGap={24} />
            <YAxis yAxisId="changes" allowDecimals={false} tick={{ fontSize: 11, fill: COLORS.axis }} tickLine={false} axisLine={false} width={40} />
            <YAxis
              yAxisId="duration"
              orientation="right"
              tick={{ fontSize: 11, fill: COLORS.axis }}
              allowDecimals={unit === "s"}
              tickFormatter={(value: number) => `${value} ${unit}`}
              tickLine={false}
              axisLine={false}
              width={56}
            />
            <Tooltip
              formatter={(value, name) => (name === "Duration" ? `${value} ${unit}` : value)}
              contentStyle={{ background: "var(--color-popover)", borderColor: COLORS.grid, fontSize: 12 }}
            />
            <Bar yAxisId="changes" dataKey="changes" name="Changes" maxBarSize={24} isAnimationActive={false}>
              {data.map((point) => (
                <Cell key={point.id} fill={point.status === "failed" ? COLORS.failed : COLORS.changes} fillOpacity={0.7} />
              ))}
            </Bar>
            <Line yAxisId="duration" dataKey="duration" name="Duration" stroke={COLORS.duration} strokeWidth={1.5} dot={RunMark} activeDot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

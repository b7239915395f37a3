import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { TableHead } from "@/components/ui/table";
import type { SortDirection, UserSort } from "@/lib/users/schema";

type SortHeaderProps = {
  label: string;
  sort: UserSort;
  current: { sort: UserSort; dir: SortDirection };
  /** URL of the list sorted this way (page 1). */
  hrefFor: (sort: UserSort, dir: SortDirection) => string;
};

/** A column header that sorts by its column; a second click reverses the direction. */
export function SortHeader({ label, sort, current, hrefFor }: SortHeaderProps) {
  const active = current.sort === sort;
  const nextDir: SortDirection = active && current.dir === "asc" ? "desc" : "asc";
  const Icon = !active ? ArrowUpDown : current.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <TableHead aria-sort={active ? (current.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={hrefFor(sort, nextDir)} className="inline-flex items-center gap-1 rounded-sm hover:text-foreground">
        {label}
        <Icon aria-hidden="true" className="size-3.5" />
        <span className="sr-only">, sort {nextDir === "asc" ? "ascending" : "descending"}</span>
      </Link>
    </TableHead>
  );
}

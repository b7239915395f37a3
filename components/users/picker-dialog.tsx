"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import { Plus } from "lucide-react";
import type { ActionResult } from "@/lib/http/result";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toast";

export interface PickerOption {
  id: string;
  label: string;
  detail?: string;
  badge?: ReactNode;
}

type PickerDialogProps = {
  /** Trigger and confirm button text, a verb: "Add members", "Add to groups". */
  actionLabel: string;
  title: string;
  description: string;
  searchLabel: string;
  /** Server-side search (a few matches); called as the admin types. */
  search: (q: string) => Promise<ActionResult<PickerOption[]>>;
  /** Adds the chosen ids; resolves true when done (the dialog closes). */
  onAdd: (ids: string[]) => Promise<boolean>;
};

const SEARCH_DELAY_MS = 250;

/** A searchable multi-select in a dialog: choices survive new searches until they are added. */
export function PickerDialog({ actionLabel, title, description, searchLabel, search, onAdd }: PickerDialogProps) {
  const idPrefix = useId();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [results, setResults] = useState<PickerOption[] | null>(null);
  const [chosen, setChosen] = useState<Map<string, PickerOption>>(new Map());
  const [searching, setSearching] = useState(false);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    if (!open) return;
    let current = true;
    const timer = setTimeout(async () => {
      setSearching(true);
      const result = await search(q);
      if (!current) return;
      setSearching(false);
      if (result.ok) setResults(result.data);
      else toast.error("Search failed", result.message);
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, q, search]);

  function toggle(option: PickerOption, checked: boolean) {
    setChosen((previous) => {
      const next = new Map(previous);
      if (checked) next.set(option.id, option);
      else next.delete(option.id);
      return next;
    });
  }

  function close() {
    setOpen(false);
    setQ("");
    setResults(null);
    setChosen(new Map());
  }

  async function add() {
    setAdding(true);
    const done = await onAdd([...chosen.keys()]).finally(() => setAdding(false));
    if (done) close();
  }

  const shown = [...(results ?? [])];
  for (const option of chosen.values()) if (!shown.some((result) => result.id === option.id)) shown.push(option);

  return (
    <Dialog open={open} onOpenChange={(next) => !adding && (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Plus aria-hidden="true" />
          {actionLabel}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        <FormField id={`${idPrefix}-search`} label={searchLabel}>
          <Input type="search" autoComplete="off" value={q} onChange={(event) => setQ(event.target.value)} autoFocus />
        </FormField>
        <div className="grid max-h-72 gap-1 overflow-y-auto" aria-busy={searching}>
          {results === null && <Spinner label="Searching" />}
          {results !== null && shown.length === 0 && <p className="py-4 text-center text-sm text-muted-foreground">No matches.</p>}
          {shown.map((option) => {
            const id = `${idPrefix}-${option.id}`;
            return (
              <div key={option.id} className="flex items-center gap-3 rounded-md px-2 py-2 hover:bg-accent/50">
                <Checkbox id={id} checked={chosen.has(option.id)} onCheckedChange={(checked) => toggle(option, checked === true)} />
                <Label htmlFor={id} className="flex min-w-0 flex-1 cursor-pointer items-center gap-2 font-normal">
                  <span className="truncate font-medium">{option.label}</span>
                  {option.detail && <span className="truncate text-muted-foreground">{option.detail}</span>}
                  {option.badge}
                </Label>
              </div>
            );
          })}
        </div>
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="outline" disabled={adding}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="button" loading={adding} disabled={chosen.size === 0} onClick={add}>
            {actionLabel}
            {chosen.size > 0 && ` (${chosen.size})`}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

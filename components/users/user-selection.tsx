"use client";
// Which users of the list are ticked, for "Send login links". The table's rows stay server-rendered;
// only their checkboxes read this context.
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { Checkbox } from "@/components/ui/checkbox";

interface Selection {
  ids: ReadonlySet<string>;
  toggle(id: string, on: boolean): void;
  clear(): void;
}

const SelectionContext = createContext<Selection | null>(null);

export function UserSelectionProvider({ children }: { children: ReactNode }) {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const value = useMemo<Selection>(
    () => ({
      ids,
      toggle: (id, on) =>
        setIds((current) => {
          const next = new Set(current);
          if (on) next.add(id);
          else next.delete(id);
          return next;
        }),
      clear: () => setIds(new Set()),
    }),
    [ids],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function useUserSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error("useUserSelection needs a UserSelectionProvider");
  return selection;
}

export function UserSelectCheckbox({ userId, username }: { userId: string; username: string }) {
  const { ids, toggle } = useUserSelection();
  return <Checkbox aria-label={`Select ${username}`} checked={ids.has(userId)} onCheckedChange={(checked) => toggle(userId, checked === true)} />;
}

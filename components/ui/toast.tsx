"use client";

import { useSyncExternalStore } from "react";
import { Toast as ToastPrimitive } from "radix-ui";
import { CircleCheck, CircleX, Info, X } from "lucide-react";
import { cn } from "@/lib/utils/cn";

export type ToastVariant = "default" | "success" | "error";

export type ToastOptions = {
  title: string;
  description?: string;
  variant?: ToastVariant;
  /** Milliseconds before it hides itself; errors stay longer by default. */
  duration?: number;
};

type ToastItem = ToastOptions & { id: number };

// A module-level store so any client component can call toast() without a context hook.
let toasts: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const noToasts: ToastItem[] = [];

function emit() {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Shows a toast from a client component; returns its id for dismissToast(). */
export function toast(options: ToastOptions): number {
  const id = nextId++;
  // Keep the last few: a burst of results should not bury the page.
  toasts = [...toasts, { ...options, id }].slice(-5);
  emit();
  return id;
}

toast.success = (title: string, description?: string) => toast({ title, description, variant: "success" });
toast.error = (title: string, description?: string) => toast({ title, description, variant: "error" });

export function dismissToast(id: number) {
  toasts = toasts.filter((item) => item.id !== id);
  emit();
}

const variantStyles: Record<ToastVariant, { className: string; icon: typeof Info }> = {
  default: { className: "", icon: Info },
  success: { className: "[&>svg]:text-success", icon: CircleCheck },
  error: { className: "border-destructive/40 [&>svg]:text-destructive", icon: CircleX },
};

/** Mount once in the root layout; renders the toasts queued by toast(). */
export function Toaster() {
  const items = useSyncExternalStore(subscribe, () => toasts, () => noToasts);

  return (
    <ToastPrimitive.Provider swipeDirection="right" label="Notification">
      {items.map(({ id, title, description, variant = "default", duration }) => {
        const { className, icon: Icon } = variantStyles[variant];
        return (
          <ToastPrimitive.Root
            key={id}
            // Errors interrupt the screen reader; other results wait politely.
            type={variant === "error" ? "foreground" : "background"}
            duration={duration ?? (variant === "error" ? 8000 : 4000)}
            onOpenChange={(open) => !open && dismissToast(id)}
            className={cn(
              "pointer-events-auto relative flex w-full items-start gap-3 rounded-lg border bg-popover p-4 pr-10 text-popover-foreground shadow-lg",
              "data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=cancel]:translate-x-0 data-[swipe=cancel]:transition-transform",
              className,
            )}
            data-variant={variant}
          >
            <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
            <div className="grid gap-1">
              <ToastPrimitive.Title className="text-sm font-medium">{title}</ToastPrimitive.Title>
              {description && (
                <ToastPrimitive.Description className="text-sm text-muted-foreground">{description}</ToastPrimitive.Description>
              )}
            </div>
            <ToastPrimitive.Close className="absolute top-3 right-3 rounded-md p-1 text-muted-foreground transition-colors hover:bg-accent hover:text-foreground">
              <X aria-hidden="true" className="size-4" />
              <span className="sr-only">Dismiss</span>
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        );
      })}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[100] flex max-h-screen w-full flex-col gap-2 p-4 sm:max-w-sm" />
    </ToastPrimitive.Provider>
  );
}

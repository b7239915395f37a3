"use client";
// A "create" dialog: trigger button, form fields, Cancel / Create. It cannot be closed while the
// request runs, so a slow server never leaves a half-submitted form behind a closed dialog.
import type { ReactNode } from "react";
import { FormProvider, type FieldValues, type UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";

interface FormDialogProps<T extends FieldValues> {
  form: UseFormReturn<T>;
  submit: () => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Content of the button that opens the dialog (icon and label). */
  trigger: ReactNode;
  title: string;
  description: string;
  className?: string;
  children: ReactNode;
}

export function FormDialog<T extends FieldValues>({ form, submit, open, onOpenChange, trigger, title, description, className, children }: FormDialogProps<T>) {
  const { isSubmitting } = form.formState;
  return (
    <Dialog open={open} onOpenChange={(next) => !isSubmitting && onOpenChange(next)}>
      <DialogTrigger asChild>
        <Button>{trigger}</Button>
      </DialogTrigger>
      <DialogContent title={title} description={description} className={className}>
        <FormProvider {...form}>
          <form noValidate onSubmit={submit}>
            {children}
            <DialogFooter className="mt-6">
              <DialogClose asChild>
                <Button type="button" variant="outline" disabled={isSubmitting}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={isSubmitting}>
                Create
              </Button>
            </DialogFooter>
          </form>
        </FormProvider>
      </DialogContent>
    </Dialog>
  );
}

"use client";
// A local user's own picture: choose a file and upload it, or remove the current one.
import { useRef, useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { ImageUp, Trash2 } from "lucide-react";
import { removePictureAction, uploadPictureAction } from "@/app/settings/account/actions";
import { PICTURE_UPLOAD_TYPES, uploadPictureSchema } from "@/lib/pictures/urls";
import { useActionRunner } from "@/components/forms/use-action-runner";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";

export function ProfilePictureForm({ hasPicture }: { hasPicture: boolean }) {
  const router = useRouter();
  const run = useActionRunner();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = uploadPictureSchema.safeParse({ picture: input.current?.files?.[0] });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setError(undefined);
    startTransition(async () => {
      const result = await uploadPictureAction(parsed.data);
      if (!result.ok) {
        setError(result.fieldErrors?.picture?.[0]);
        toast.error("Picture not saved", result.message);
        return;
      }
      if (input.current) input.current.value = "";
      toast.success("Picture saved");
      router.refresh();
    });
  }

  return (
    <form noValidate onSubmit={upload} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
      <FormField id="account-picture" label="Profile picture" description="JPEG, PNG, WebP or GIF, at most 1 MB; shown cropped to a square." error={error}>
        <Input ref={input} type="file" accept={PICTURE_UPLOAD_TYPES.join(",")} onChange={() => setError(undefined)} />
      </FormField>
      <div className="flex gap-2">
        <Button type="submit" loading={pending}>
          <ImageUp aria-hidden="true" />
          Upload picture
        </Button>
        {hasPicture && (
          <Button
            type="button"
            variant="outline"
            disabled={pending}
            onClick={() => startTransition(async () => void (await run(() => removePictureAction(), { failure: "Picture not removed", success: "Picture removed", then: "refresh" })))}
          >
            <Trash2 aria-hidden="true" />
            Remove picture
          </Button>
        )}
      </div>
    </form>
  );
}

"use client";
// The login link as a QR code, drawn in the browser (the link never leaves it again), so a phone
// can open it to enrol a passkey.
import { useEffect, useState } from "react";
import QRCode from "qrcode";

export function LinkQrCode({ url }: { url: string }) {
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(url, { margin: 1, width: 176, errorCorrectionLevel: "M" })
      .then((data) => current && setImage(data))
      .catch(() => current && setImage(null));
    return () => {
      current = false;
    };
  }, [url]);
  if (!image) return null;
  return (
    <figure className="grid justify-items-center gap-1">
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise */}
      <img src={image} width={176} height={176} alt="QR code of the login link" className="rounded-md border bg-white p-1" />
      <figcaption className="text-xs text-muted-foreground">Scan with a phone</figcaption>
    </figure>
  );
}

import Image from "next/image";

/** The app's mark (public/icon.svg, also the browser tab's icon); decorative beside the app's name. */
export function AppIcon({ size }: { size: number }) {
  return <Image src="/icon.svg" alt="" width={size} height={size} unoptimized />;
}

"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { AsyncPicker, searchUrl } from "@/components/pickers/async-picker";

/** Pick a user: the page reloads with the exact claims that user would receive. */
export function ClaimsUserPicker() {
  const router = useRouter();
  const pathname = usePathname();
  const stage = useSearchParams().get("stage");
  return (
    <AsyncPicker
      id="claims-user"
      label="User to preview"
      placeholder="Search users by name, username or email"
      source={searchUrl("users")}
      value={[]}
      onChange={(picked) => {
        const user = picked.at(-1);
        if (user)
          router.push(`${pathname}?previewUser=${user.id}${stage ? `&stage=${encodeURIComponent(stage)}` : ""}#claims`);
      }}
    />
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { linkClass } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/actor";
import { ApiViewer } from "./_components/api-viewer";

export const metadata: Metadata = { title: "API reference" };

/** The REST API's reference, rendered from /api/v1/openapi.json by a viewer bundled with the app (no CDN). */
export default async function ApiReferencePage() {
  await requirePage("/admin/api-reference");
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            The REST API at <code className="font-mono">/api/v1</code>, from its OpenAPI 3.1 document (
            <a href="/api/v1/openapi.json" className={linkClass}>
              openapi.json
            </a>
            ). Call it with an API token from{" "}
            <Link href="/admin/api-tokens" className={linkClass}>
              API tokens
            </Link>
            : <code className="font-mono">Authorization: Bearer gth_…</code>.
          </>
        }
      />
      <Card className="overflow-hidden px-2 py-2">
        <ApiViewer url="/api/v1/openapi.json" />
      </Card>
    </>
  );
}

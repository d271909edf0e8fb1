"use client";
import dynamic from "next/dynamic";
import "swagger-ui-react/swagger-ui.css";
import "./api-viewer.css";

// Swagger UI reads the browser's window: client only. Bundled from npm, so it renders offline.
const SwaggerUI = dynamic(() => import("swagger-ui-react"), {
  ssr: false,
  loading: () => (
    <p role="status" className="px-4 py-6 text-sm text-slate-600">
      Loading the API reference…
    </p>
  ),
});

export function ApiViewer({ url }: { url: string }) {
  // validatorUrl null: no call to an online validator; the document is validated in our tests.
  return (
    <SwaggerUI url={url} validatorUrl={null} docExpansion="list" defaultModelsExpandDepth={0} tryItOutEnabled={false} />
  );
}

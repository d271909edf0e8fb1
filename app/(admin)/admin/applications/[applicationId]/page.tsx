import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr, linkClass } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/actor";
import { can } from "@/lib/dal/actor";
import { getApplication } from "@/lib/dal/applications";
import { listClients } from "@/lib/dal/oidc-clients";
import { listStageRefs } from "@/lib/dal/stages";
import { showsStages } from "@/lib/access/stages";
import { StageFilter } from "@/components/stages/stage-filter";
import { previewTokenClaims } from "@/lib/dal/token-claims";
import { isAppError } from "@/lib/dal/errors";
import { orNotFound } from "@/lib/pages/or-not-found";
import { issuerUrl } from "@/lib/oidc/urls";
import { createClientAction } from "../actions";
import { ClaimsUserPicker } from "./_components/claims-preview";
import { ClientActions } from "./_components/client-actions";
import { RegisterClientButton } from "./_components/client-form-dialog";

export const metadata: Metadata = { title: "Application" };

/** An application: its roles, its sign-in clients, how to connect it, and the claims a user would get. */
export default async function ApplicationPage({
  params,
  searchParams,
}: {
  params: Promise<{ applicationId: string }>;
  searchParams: Promise<{ previewUser?: string; stage?: string }>;
}) {
  const actor = await requirePage("/admin/applications/[applicationId]");
  const app = await orNotFound(getApplication(actor, (await params).applicationId));
  const { previewUser, stage: stageKey } = await searchParams;
  const [clients, stages] = await Promise.all([listClients(actor, app.id), listStageRefs(actor)]);
  const staged = showsStages(stages);
  const previewStage = stages.find((s) => s.key === stageKey) ?? stages.find((s) => s.isDefault);
  const canEdit = can(actor, "roles:write");
  const canPreview = can(actor, "users:read");
  const issuer = issuerUrl();
  const preview =
    canPreview && typeof previewUser === "string"
      ? await previewTokenClaims(actor, app.id, previewUser, previewStage?.id).catch((error: unknown) => {
          if (isAppError(error)) return { error: error.message };
          throw error;
        })
      : null;
  const endpoints = [
    ["Issuer", issuer],
    ["Discovery", `${issuer}/.well-known/openid-configuration`],
    ["Authorization", `${issuer}/auth`],
    ["Token", `${issuer}/token`],
    ["Userinfo", `${issuer}/me`],
    ["Keys (JWKS)", `${issuer}/jwks`],
    ["End session", `${issuer}/session/end`],
  ] as const;
  return (
    <>
      <PageHeader
        title={app.name}
        description={
          <>
            <span className="font-mono text-xs">{app.key}</span>
            {app.description ? ` · ${app.description}` : null} ·{" "}
            <Link href={`/admin/roles?applicationId=${app.id}`} className={linkClass}>
              {app.roleCount} {app.roleCount === 1 ? "role" : "roles"}
            </Link>
          </>
        }
        back={
          <Link href="/admin/applications" className="text-indigo-700 hover:underline">
            ← Applications
          </Link>
        }
      />
      <Card aria-labelledby="clients">
        <CardHeader
          id="clients"
          title="Sign-in clients"
          description="Applications sign users in through Gatehouse with these clients; tokens carry the user's groups and this application's roles."
          actions={
            canEdit ? <RegisterClientButton stages={stages} save={createClientAction.bind(null, app.id)} /> : undefined
          }
        />
        {clients.length === 0 ? (
          <EmptyState title="No sign-in clients yet.">
            {canEdit ? "Register a client to let this application sign users in through Gatehouse." : null}
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Client</Th>
                <Th>Kind</Th>
                <Th>Redirect URIs</Th>
                <Th>Sign-in</Th>
                {canEdit && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <Tr key={client.id}>
                  <Td>
                    <span className="font-medium text-slate-900">{client.name}</span>
                    <span className="block font-mono text-xs text-slate-500">{client.clientId}</span>
                    {staged && (
                      <span className="mt-1 block">
                        <Badge tone="indigo">{client.stage.name}</Badge>
                      </span>
                    )}
                  </Td>
                  <Td>
                    {client.type === "CONFIDENTIAL" ? (
                      <Badge>Web app (secret)</Badge>
                    ) : (
                      <Badge tone="indigo">SPA / native (PKCE)</Badge>
                    )}
                  </Td>
                  <Td className="max-w-xs">
                    <ul className="space-y-0.5 font-mono text-xs break-all text-slate-700">
                      {client.redirectUris.map((uri) => (
                        <li key={uri}>{uri}</li>
                      ))}
                    </ul>
                  </Td>
                  <Td className="text-xs text-slate-600">
                    {client.assignmentRequired ? "Role required" : "Any active user"}
                    {client.thirdParty ? " · asks consent" : ""}
                    <span className="block">Tokens live {client.tokenTtlMinutes} min</span>
                  </Td>
                  {canEdit && (
                    <Td>
                      <ClientActions client={client} stages={stages} />
                    </Td>
                  )}
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card aria-labelledby="endpoints" className="mt-6">
        <CardHeader
          id="endpoints"
          title="Connect the application"
          description="OpenID Connect settings: most libraries need only the issuer, the client id and the secret. Scopes: openid profile email groups roles."
        />
        <dl className="grid gap-x-6 gap-y-2 px-5 py-4 text-sm sm:grid-cols-[10rem_1fr]">
          {endpoints.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-slate-700">{label}</dt>
              <dd>
                <code className="font-mono text-xs break-all text-slate-900">{value}</code>
              </dd>
            </div>
          ))}
        </dl>
      </Card>
      {canPreview && (
        <Card aria-labelledby="claims" className="mt-6">
          <CardHeader
            id="claims"
            title="Claims preview"
            description={`The claims a user would receive in this application's ID token and userinfo, with every scope, as of now${staged && previewStage ? `, from a client in ${previewStage.name}` : ""}.`}
            actions={
              staged ? (
                <StageFilter
                  stages={stages}
                  current={previewStage?.key}
                  params={{ previewUser }}
                  label="Preview the claims of stage"
                  includeAll={false}
                />
              ) : undefined
            }
          />
          <div className="space-y-4 px-5 py-4">
            <div className="max-w-md">
              <ClaimsUserPicker />
            </div>
            {preview === null ? (
              <p className="text-sm text-slate-500">Pick a user to see their claims.</p>
            ) : "error" in preview ? (
              <p role="alert" className="text-sm text-red-700">
                {preview.error}
              </p>
            ) : (
              <>
                {(!preview.active || (!preview.assigned && clients.some((c) => c.assignmentRequired))) && (
                  <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                    {!preview.active
                      ? "This user is disabled: sign-in is refused."
                      : "This user holds no role of this application: clients with “Assignment required” refuse them."}
                  </p>
                )}
                <pre
                  aria-label="Token claims"
                  className="overflow-x-auto rounded-md bg-slate-900 p-4 font-mono text-xs text-slate-100"
                >
                  {JSON.stringify(preview.claims, null, 2)}
                </pre>
              </>
            )}
          </div>
        </Card>
      )}
    </>
  );
}

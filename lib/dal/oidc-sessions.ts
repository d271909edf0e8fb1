import "server-only";
import type { Tx } from "./db";

/** A relying party to tell, through OpenID back-channel logout, that a user's session ended. */
export interface LogoutNotice {
  clientId: string;
  accountId: string;
  sid: string;
}

type Sender = (notices: LogoutNotice[]) => Promise<void>;
let sender: Sender | undefined;

/** The provider (lib/oidc/provider.ts) registers how logout tokens are signed and sent. */
export function setLogoutSender(send: Sender) {
  sender = send;
}

/**
 * Inside the transaction that bumps a user's session version (disabled, password changed, signed
 * out everywhere): deletes everything the provider holds for the user (sessions, grants, codes,
 * refresh tokens), so their next refresh fails at once. Returns the clients to notify after commit.
 */
export async function endOidcSessions(tx: Tx, userId: string): Promise<LogoutNotice[]> {
  const rows = await tx.$queryRaw<{ clientId: string; sid: string }[]>`
    SELECT a.key AS "clientId", a.value->>'sid' AS "sid"
    FROM "OidcPayload" p, jsonb_each(p."payload"->'authorizations') a
    JOIN "OidcClient" c ON c."clientId" = a.key AND c."backchannelLogoutUri" IS NOT NULL
    WHERE p."kind" = 'Session' AND p."accountId" = ${userId} AND a.value->>'sid' IS NOT NULL`;
  await tx.$executeRaw`DELETE FROM "OidcPayload" WHERE "accountId" = ${userId}`;
  return rows.map((row) => ({ ...row, accountId: userId }));
}

/** After commit: sends the logout tokens. A relying party that does not answer is logged, not retried. */
export async function notifyLogout(notices: LogoutNotice[]): Promise<void> {
  if (notices.length === 0 || !sender) return;
  try {
    await sender(notices);
  } catch (error) {
    console.error("Back-channel logout failed", error);
  }
}

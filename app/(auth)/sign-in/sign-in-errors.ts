/** Sign-in failures explained in words; never a stack trace, never whether an account exists. */
export function signInErrorMessage(
  code: string | undefined,
  provider: string | undefined,
  claim?: string,
): string | null {
  if (!code) return null;
  const idp = provider ? `the identity provider "${provider}"` : "the identity provider";
  const missing =
    claim === "id_token"
      ? "an ID token"
      : claim
        ? `the "${claim.slice(0, 100)}" claim`
        : "the claims Gatehouse needs (the subject, or the groups claim)";
  const messages: Record<string, string> = {
    unreachable: `Could not reach ${idp}. Check its issuer URL, or try again later.`,
    claim_missing: `${cap(idp)} did not send ${missing}. An administrator can fix this in the provider's settings.`,
    token_invalid: `${cap(idp)} sent an ID token Gatehouse could not verify (its signature, issuer, audience or expiry), so it was refused and nothing was changed. An administrator finds the reason in the server log.`,
    insecure_issuer: `${cap(idp)} is configured with an issuer URL that is not https://, so sign-in through it is refused. An administrator has to correct it.`,
    disabled: "This account is disabled. Ask an administrator.",
    email_taken: `A Gatehouse account with your email already exists, and it is not linked to your account at ${idp}. An administrator can link it on the user's page; then sign in this way again.`,
    last_admin: "This sign-in would leave Gatehouse without an administrator, so it was refused.",
    unknown_provider: `${cap(idp)} is not enabled.`,
    idp_failed: `Signing in through ${idp} failed on our side. Nothing was changed; please try again.`,
    AccessDenied: "Sign-in was refused.",
    Configuration: `Sign-in through ${idp} did not work: it could not be reached, or it did not accept Gatehouse's client (issuer URL, client id or secret, or the callback URL registered there). You can still sign in with your Gatehouse password.`,
    OAuthCallbackError: `${cap(idp)} returned an error. Please try again.`,
    CallbackRouteError: `${cap(idp)} did not accept Gatehouse's sign-in (wrong client id or secret, or the callback URL is not registered there).`,
  };
  return messages[code] ?? `Sign-in${provider ? ` through ${idp}` : ""} did not work. Please try again.`;
}

function cap(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Sign-in failures explained in words; never a stack trace, never whether an account exists. */
export function signInErrorMessage(code: string | undefined, provider: string | undefined): string | null {
  if (!code) return null;
  const idp = provider ? `the identity provider "${provider}"` : "the identity provider";
  const messages: Record<string, string> = {
    unreachable: `Could not reach ${idp}. Check its issuer URL, or try again later.`,
    claim_missing: `${cap(idp)} did not send the claims Gatehouse needs (the subject, or the groups claim). An administrator can fix this in the provider's settings.`,
    disabled: "This account is disabled. Ask an administrator.",
    email_taken:
      "A Gatehouse account with your email already exists. An administrator has to link it before you can sign in this way.",
    last_admin: "This sign-in would leave Gatehouse without an administrator, so it was refused.",
    unknown_provider: `${cap(idp)} is not enabled.`,
    idp_failed: `Signing in through ${idp} failed on our side. Nothing was changed; please try again.`,
    AccessDenied: "Sign-in was refused.",
    Configuration: `Sign-in through ${idp} did not work: it could not be reached, or it did not accept Gatehouse's client (issuer URL, client id or secret, or the callback URL registered there). You can still sign in with your Gatehouse password.`,
    OAuthCallbackError: `${cap(idp)} returned an error. Please try again.`,
    CallbackRouteError: `${cap(idp)} did not accept Gatehouse's sign-in (wrong client id or secret, or the callback URL is not registered there).`,
  };
  return messages[code] ?? "Sign-in did not work. Please try again.";
}

function cap(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

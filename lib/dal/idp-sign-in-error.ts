import "server-only";

/** Why a sign-in through an identity provider was refused; the sign-in page explains each. */
export type IdpSignInFailure =
  | "unknown_provider"
  | "insecure_issuer"
  | "unreachable"
  | "token_invalid"
  | "claim_missing"
  | "disabled"
  | "email_taken"
  | "last_admin";
export class IdpSignInError extends Error {
  constructor(
    readonly reason: IdpSignInFailure,
    message: string,
    /** The claim that was missing, for `claim_missing`. */
    readonly claim?: string,
  ) {
    super(message);
  }
}

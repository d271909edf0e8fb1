import { ERROR_SCHEMA } from "./constants";

/** RFC 7644 3.12 `scimType` values Gatehouse answers with. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

/** A SCIM error answer: its status, an optional scimType, and a detail safe to show. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = "ScimError";
  }

  toJSON() {
    return {
      schemas: [ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export const scimInvalid = (detail: string, scimType: ScimType = "invalidValue") =>
  new ScimError(400, detail, scimType);
export const scimNotFound = (what: string) => new ScimError(404, `${what} was not found.`);

import {
  ENTERPRISE_SCHEMA,
  GROUP_SCHEMA,
  SCIM_MAX_BODY_BYTES,
  SCIM_MAX_OPERATIONS,
  SCIM_MAX_RESULTS,
  USER_SCHEMA,
} from "./constants";

/** ServiceProviderConfig, ResourceTypes and Schemas (RFC 7643 5-7, RFC 7644 4): what this server does. */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: `${baseUrl.replace(/\/scim\/v2$/, "")}/#provision-from-entra-id--okta-scim`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "API token",
        description: `Authorization: Bearer <API token> (Admin → API tokens). Bodies up to ${SCIM_MAX_BODY_BYTES} bytes, ${SCIM_MAX_OPERATIONS} PATCH operations.`,
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A person who can sign in to Gatehouse",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A Gatehouse group: its members inherit its roles",
      schema: GROUP_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

type Attribute = {
  name: string;
  type: "string" | "boolean" | "complex" | "reference" | "dateTime";
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned?: "always" | "never" | "default" | "request";
  uniqueness?: "none" | "server" | "global";
  subAttributes?: Attribute[];
  referenceTypes?: string[];
};

function attribute(a: Attribute): Record<string, unknown> {
  return {
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    description: "",
    ...a,
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attribute) } : {}),
  };
}

const str = (name: string, extra: Partial<Attribute> = {}): Attribute => ({ name, type: "string", ...extra });

export function schemas(baseUrl: string) {
  const schema = (id: string, name: string, description: string, attributes: Attribute[]) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    id,
    name,
    description,
    attributes: attributes.map(attribute),
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(USER_SCHEMA, "User", "User Account", [
      str("userName", { required: true, uniqueness: "server" }),
      str("externalId", { caseExact: true }),
      {
        name: "name",
        type: "complex",
        subAttributes: ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"].map(
          (n) => str(n),
        ),
      },
      str("displayName"),
      str("nickName"),
      str("title"),
      str("userType"),
      str("preferredLanguage"),
      str("locale"),
      str("timezone"),
      { name: "active", type: "boolean" },
      str("password", { mutability: "writeOnly", returned: "never" }),
      {
        name: "emails",
        type: "complex",
        multiValued: true,
        required: true,
        subAttributes: [str("value", { uniqueness: "server" }), str("type"), { name: "primary", type: "boolean" }],
      },
      {
        name: "groups",
        type: "complex",
        multiValued: true,
        mutability: "readOnly",
        subAttributes: [
          str("value", { mutability: "readOnly" }),
          { name: "$ref", type: "reference", referenceTypes: ["Group"], mutability: "readOnly" },
          str("display", { mutability: "readOnly" }),
          str("type", { mutability: "readOnly" }),
        ],
      },
    ]),
    schema(GROUP_SCHEMA, "Group", "Group", [
      str("displayName", { required: true, uniqueness: "server" }),
      str("externalId", { caseExact: true }),
      {
        name: "members",
        type: "complex",
        multiValued: true,
        subAttributes: [
          str("value", { mutability: "immutable" }),
          { name: "$ref", type: "reference", referenceTypes: ["User"], mutability: "immutable" },
          str("display", { mutability: "readOnly" }),
          str("type", { mutability: "immutable" }),
        ],
      },
    ]),
    schema(ENTERPRISE_SCHEMA, "EnterpriseUser", "Enterprise User", [
      str("employeeNumber"),
      str("costCenter"),
      str("organization"),
      str("division"),
      str("department"),
      {
        name: "manager",
        type: "complex",
        subAttributes: [
          str("value"),
          { name: "$ref", type: "reference", referenceTypes: ["User"] },
          str("displayName", { mutability: "readOnly" }),
        ],
      },
    ]),
  ];
}

import "server-only";
import { z } from "zod";
import { API_V1_OPERATIONS } from "@/lib/access/api-v1";
import { MAX_BODY_BYTES } from "./handler";
import { OPERATIONS } from "./operations";
import * as R from "./responses";

type JsonSchema = Record<string, unknown>;
type ApiOperation = (typeof API_V1_OPERATIONS)[number];
const REF = (id: string) => `#/components/schemas/${id}`;
const problemRef = { $ref: REF("Problem") };

/** A schema as JSON Schema (2020-12, OpenAPI 3.1's dialect); named response schemas become $refs. */
function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: REF(id) };
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    reused: "inline",
    override: ({ jsonSchema }) => {
      // Zod marks refined strings' pattern sources it cannot express; keep the document valid.
      delete (jsonSchema as JsonSchema).$id;
    },
  }) as JsonSchema;
  return rest;
}

/** Every named response schema (`.meta({ id })`) once, under components. */
function componentSchemas(): Record<string, JsonSchema> {
  const named = (Object.values(R) as unknown[]).filter(
    (s): s is z.ZodType => s instanceof z.ZodType && !!z.globalRegistry.get(s)?.id,
  );
  const registry = z.registry<{ id: string }>();
  for (const schema of named) registry.add(schema, { id: z.globalRegistry.get(schema)!.id! });
  const { schemas } = z.toJSONSchema(registry, { io: "output", unrepresentable: "any", uri: REF });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _ignored, $id: _id, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

function parameters(operation: ApiOperation): JsonSchema[] {
  const spec = OPERATIONS[operation.id];
  const path = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid" },
  }));
  const query: JsonSchema[] = [];
  if (spec.query) {
    const schema = toSchema(spec.query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      query.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: property });
    }
  }
  const isWrite = operation.method !== "GET";
  const extra: JsonSchema[] = [];
  if (isWrite && spec.dryRun) {
    extra.push({
      name: "dryRun",
      in: "query",
      required: false,
      description:
        "true: check and evaluate the change, answer its impact (who would gain or lose which role), change nothing.",
      schema: { type: "string", enum: ["true", "false"] },
    });
  }
  if (isWrite && spec.versioned) {
    extra.push({
      name: "If-Match",
      in: "header",
      required: false,
      description: "The ETag you read; 412 if the resource changed since.",
      schema: { type: "string" },
    });
  }
  if (operation.method === "POST") {
    extra.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "A retry with the same key and body gets the first answer again (kept 24 hours, per token).",
      schema: { type: "string", maxLength: 255 },
    });
  }
  return [...path, ...query, ...extra];
}

const ERROR_RESPONSES: Record<string, string> = {
  "400": "Bad input: the problem lists each field's error",
  "401": "Missing, invalid, expired or revoked token (see `reason`)",
  "403": "The token lacks the permission (or its creator lost it)",
  "404": "Not found",
  "409": "Conflict (a name taken, the last administrator, a built-in role)",
  "412": "If-Match does not match the current ETag",
  "413": `Body larger than ${MAX_BODY_BYTES} bytes`,
  "429": "Rate limit of the token reached; see Retry-After",
};

function operationObject(operation: ApiOperation): JsonSchema {
  const spec = OPERATIONS[operation.id];
  const success = String(spec.status ?? 200);
  const isPublic = operation.permission === "public";
  const responses: Record<string, JsonSchema> = {
    [success]: {
      description: "OK",
      ...(isPublic ? {} : { content: { "application/json": { schema: toSchema(spec.response, "output") } } }),
      ...(spec.versioned && operation.method !== "DELETE"
        ? { headers: { ETag: { schema: { type: "string" }, description: "The version, for If-Match" } } }
        : {}),
    },
  };
  if (spec.dryRun) {
    // A dry run answers 200 with its outcome; a write that answers 200 itself documents both shapes.
    const real = responses[success] as { content?: Record<string, { schema: JsonSchema }> };
    if (success === "200" && real.content) {
      real.content["application/json"] = {
        schema: { oneOf: [real.content["application/json"]!.schema, { $ref: REF("DryRun") }] },
      };
    } else responses["200"] = { description: "Dry run (?dryRun=true): nothing changed", content: dryRunContent() };
  }
  if (!isPublic) {
    for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
      if ((status === "412" && !spec.versioned) || (status === "413" && !spec.body)) continue;
      responses[status] = { description, content: { "application/problem+json": { schema: problemRef } } };
    }
  }
  return {
    operationId: operation.id,
    summary: operation.summary,
    tags: [operation.tag],
    ...(isPublic
      ? { security: [] }
      : {
          "x-required-permissions":
            "alsoNeeds" in operation ? [operation.permission, operation.alsoNeeds] : [operation.permission],
          description: `Needs an API token with ${"alsoNeeds" in operation ? `${operation.permission} and ${operation.alsoNeeds}` : operation.permission}.`,
        }),
    ...(parameters(operation).length ? { parameters: parameters(operation) } : {}),
    ...(spec.body
      ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(spec.body, "input") } } } }
      : {}),
    responses,
  };
}

const dryRunContent = () => ({ "application/json": { schema: { $ref: REF("DryRun") } } });

let cached: JsonSchema | undefined;

/** The OpenAPI 3.1 document of /api/v1, generated from the operations table and their zod schemas. */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of API_V1_OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method.toLowerCase()] = operationObject(operation);
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse REST API",
      version: "1.0.0",
      description:
        "Users, groups, members, roles, applications, direct grants, effective access and the audit log. " +
        "Authenticate with an API token (admin screen API tokens): `Authorization: Bearer gth_…`. " +
        "Writes accept `?dryRun=true`; POSTs honour `Idempotency-Key`; PATCH and DELETE honour `If-Match`. " +
        "Lists are cursor-paged: pass `nextCursor` as `cursor`.",
    },
    security: [{ apiToken: [] }],
    tags: ["Users", "Groups", "Members", "Roles", "Applications", "Audit", "Meta"].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiToken: { type: "http", scheme: "bearer", description: "An API token from the API tokens screen (gth_…)." },
      },
      schemas: componentSchemas(),
    },
  };
  return cached;
}

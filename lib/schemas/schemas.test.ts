import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as api from "./api";
import * as apiTokens from "./api-tokens";
import * as audit from "./audit";
import * as auth from "./auth";
import * as common from "./common";
import * as groups from "./groups";
import * as providers from "./identity-providers";
import * as roles from "./roles";
import * as users from "./users";

const modules = { api, apiTokens, audit, auth, common, groups, providers, roles, users };
const dir = path.dirname(new URL(import.meta.url).pathname);

// Values one of which each text field accepts; the test then spoils it.
const CANDIDATES = [
  "Valid name",
  "valid-key",
  "a.person@example.com",
  "https://id.example.com",
  "openid",
  "2026-01-02",
  "42",
  "x",
];
const SECRET_FIELDS = new Set(["password", "currentPassword", "newPassword", "confirmPassword", "clientSecret"]);

/** Every string field of every exported schema (object fields, and string schemas themselves). */
function textFields(): { name: string; schema: z.ZodType }[] {
  const found: { name: string; schema: z.ZodType }[] = [];
  for (const [moduleName, exports] of Object.entries(modules)) {
    for (const [exportName, value] of Object.entries(exports)) {
      if (!(value instanceof z.ZodType) || /password|secret/i.test(exportName)) continue;
      const shape = (value as unknown as { shape?: Record<string, z.ZodType> }).shape;
      if (shape) {
        for (const [field, schema] of Object.entries(shape)) {
          if (!SECRET_FIELDS.has(field)) found.push({ name: `${moduleName}.${exportName}.${field}`, schema });
        }
      } else {
        found.push({ name: `${moduleName}.${exportName}`, schema: value });
      }
    }
  }
  return found.filter(({ schema }) => CANDIDATES.some((c) => schema.safeParse(c).success));
}

describe("text hygiene, for every text field in lib/schemas", () => {
  const fields = textFields();

  it("finds the text fields (names, keys, descriptions, searches, logins)", () => {
    const names = fields.map((f) => f.name);
    expect(names.length).toBeGreaterThan(20);
    for (const expected of [
      "auth.signInSchema.username",
      "groups.createGroupSchema.description",
      "common.searchSchema",
    ]) {
      expect(names).toContain(expected);
    }
  });

  it.each(["\u0000", "\u0007", "\u001b", "\u007f", "\ud800", "\udfff"])(
    "refuses %j inside any valid value with a field error that names the problem",
    (bad) => {
      for (const { name, schema } of fields) {
        const valid = CANDIDATES.find((c) => schema.safeParse(c).success)!;
        const spoiled = `${valid.slice(0, 1)}${bad}${valid.slice(1)}`;
        const result = schema.safeParse(spoiled);
        const caught = result.success && result.data !== spoiled; // searches fall back to "no search"
        expect(result.success && !caught, `${name} accepted ${JSON.stringify(spoiled)}`).toBe(false);
        if (!result.success)
          expect(result.error.issues[0]?.message, name).toMatch(/control character|broken character/);
      }
    },
  );

  it("keeps tabs and line breaks in multi-line text, and refuses them in names", () => {
    expect(common.descriptionSchema.safeParse("First line\r\nsecond\tline").success).toBe(true);
    expect(groups.memberLoginsSchema.safeParse("ana\nben").success).toBe(true);
    expect(common.nameSchema("group").safeParse("Sales\nTeam").success).toBe(false);
    expect(common.nameSchema("group").safeParse("Ünïcødé 😀 Team").success).toBe(true);
  });

  it("builds every string through text() or secret() (no z.string() outside common.ts)", () => {
    const offenders = readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "common.ts")
      .filter((file) => /z\s*\.\s*string\s*\(/.test(readFileSync(path.join(dir, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});

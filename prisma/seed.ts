/**
 * Demo data: a small organisation with the built-in `gatehouse` application,
 * a few business applications, groups and ~30 users. Idempotent: running it
 * again adds only what is missing and changes nothing that exists.
 * Every demo user's password is DEMO_PASSWORD.
 */
import { hash } from "@node-rs/argon2";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";

export const DEMO_PASSWORD = "gatehouse-demo";

const applications = [
  {
    key: "gatehouse",
    name: "Gatehouse",
    description: "This portal. Its roles decide who may administer it.",
    builtIn: true,
    roles: [
      ["admin", "Administrator", "Full administration of users, groups, roles and applications."],
      ["auditor", "Auditor", "Read-only access to the admin area and the audit log."],
    ],
  },
  {
    key: "crm",
    name: "Customer CRM",
    description: "Accounts, contacts and opportunities.",
    roles: [
      ["viewer", "CRM Viewer", "Read accounts and contacts."],
      ["editor", "CRM Editor", "Create and edit accounts, contacts and opportunities."],
      ["admin", "CRM Administrator", "Configure the CRM."],
    ],
  },
  {
    key: "billing",
    name: "Billing",
    description: "Invoices, payments and refunds.",
    roles: [
      ["viewer", "Billing Viewer", "Read invoices and payments."],
      ["invoice-approver", "Invoice Approver", "Approve outgoing invoices."],
      ["refunds", "Refund Manager", "Issue refunds."],
    ],
  },
  {
    key: "analytics",
    name: "Analytics",
    description: "Dashboards and reports.",
    roles: [
      ["dashboard-viewer", "Dashboard Viewer", "View published dashboards."],
      ["analyst", "Analyst", "Build and publish dashboards."],
    ],
  },
  {
    key: "support-desk",
    name: "Support Desk",
    description: "Customer tickets.",
    roles: [
      ["agent", "Support Agent", "Answer tickets."],
      ["supervisor", "Support Supervisor", "Assign tickets and review answers."],
    ],
  },
] as const;

/**
 * The stages of the demo organisation, in order. Production (the default) comes from the
 * migration; Development and QA are added so that stages show. DEMO_STAGES=default seeds the
 * default stage only (the browser tests do: with one stage no screen shows stages).
 */
const extraStages = [
  { key: "development", name: "Development", description: "Where developers build and try changes." },
  { key: "qa", name: "QA", description: "Where testers check a release before Production." },
];

// Groups of the extra stages: every developer administers the development CRM; few are in Production.
const stagedGroups: { stage: string; name: string; description: string; roles: string[]; members: string[] }[] = [
  {
    stage: "development",
    name: "CRM Developers",
    description: "Build the CRM; administer it in Development.",
    roles: ["crm:admin", "crm:editor"],
    members: ["li.wei", "hiroshi.tanaka", "daniel.kim", "tom.becker"],
  },
  {
    stage: "development",
    name: "Support",
    description: "Try Support Desk changes before they ship.",
    roles: ["support-desk:supervisor"],
    members: ["emma.wilson", "liam.oconnor"],
  },
  {
    stage: "qa",
    name: "QA Testers",
    description: "Test releases of the CRM and Billing.",
    roles: ["crm:editor", "billing:viewer", "billing:refunds"],
    members: ["jonas.berg", "tom.becker", "maria.garcia"],
  },
];
const stagedGrants: [string, string, string][] = [["qa", "li.wei", "analytics:analyst"]];

const groups: { name: string; description: string; roles: string[] }[] = [
  { name: "Administrators", description: "Administer Gatehouse.", roles: ["gatehouse:admin"] },
  { name: "Auditors", description: "Review access and the audit log.", roles: ["gatehouse:auditor"] },
  {
    name: "Marketing",
    description: "Campaigns and market research.",
    roles: ["analytics:dashboard-viewer", "crm:viewer"],
  },
  {
    name: "Finance",
    description: "Accounting, invoicing and payments.",
    roles: ["billing:viewer", "billing:invoice-approver", "analytics:dashboard-viewer"],
  },
  { name: "Support", description: "First-line customer support.", roles: ["support-desk:agent", "crm:viewer"] },
  { name: "Support Leads", description: "Support team leads.", roles: ["support-desk:supervisor"] },
  { name: "Sales", description: "Account executives.", roles: ["crm:editor", "analytics:dashboard-viewer"] },
];

// username, display name, groups
const people: [string, string, string[]][] = [
  ["admin", "Alex Admin", ["Administrators"]],
  ["maria.garcia", "María García", ["Marketing"]],
  ["james.smith", "James Smith", ["Marketing"]],
  ["li.wei", "Li Wei", ["Marketing", "Sales"]],
  ["fatima.khan", "Fatima Khan", ["Finance"]],
  ["oliver.brown", "Oliver Brown", ["Finance"]],
  ["sofia.rossi", "Sofia Rossi", ["Finance", "Auditors"]],
  ["noah.johnson", "Noah Johnson", ["Support"]],
  ["emma.wilson", "Emma Wilson", ["Support", "Support Leads"]],
  ["lucas.martin", "Lucas Martin", ["Support"]],
  ["amara.okafor", "Amara Okafor", ["Support"]],
  ["hiroshi.tanaka", "Hiroshi Tanaka", ["Sales"]],
  ["chloe.dubois", "Chloé Dubois", ["Sales"]],
  ["mateo.fernandez", "Mateo Fernández", ["Sales", "Marketing"]],
  ["ava.nielsen", "Ava Nielsen", ["Marketing"]],
  ["ethan.clark", "Ethan Clark", ["Finance"]],
  ["isabella.silva", "Isabella Silva", ["Support"]],
  ["liam.oconnor", "Liam O'Connor", ["Support Leads"]],
  ["zara.ahmed", "Zara Ahmed", ["Auditors"]],
  ["daniel.kim", "Daniel Kim", ["Sales"]],
  ["grace.lee", "Grace Lee", ["Marketing"]],
  ["henry.walker", "Henry Walker", ["Finance"]],
  ["nina.petrova", "Nina Petrova", ["Support"]],
  ["samuel.osei", "Samuel Osei", ["Sales"]],
  ["ines.costa", "Inês Costa", ["Marketing", "Finance"]],
  ["jonas.berg", "Jonas Berg", []],
  ["priya.patel", "Priya Patel", ["Administrators"]],
  ["tom.becker", "Tom Becker", []],
  ["yuki.sato", "Yuki Sato", ["Support"]],
  ["leo.moreau", "Léo Moreau", ["Sales"]],
];

// A few individual grants, so "Direct" shows up next to "Inherited from".
const directGrants: [string, string][] = [
  ["maria.garcia", "analytics:analyst"],
  ["li.wei", "analytics:dashboard-viewer"],
  ["fatima.khan", "billing:refunds"],
  ["jonas.berg", "crm:viewer"],
];

/**
 * Loads the demo organisation into an empty database. Once it is there, seeding again
 * changes nothing, not even to undo what administrators have changed since.
 */
export async function seed(db: PrismaClient): Promise<{ created: boolean }> {
  if (await db.user.findUnique({ where: { username: "admin" }, select: { id: true } })) return { created: false };
  const roleIds = new Map<string, string>();
  for (const app of applications) {
    const application = await db.application.upsert({
      where: { key: app.key },
      update: {},
      create: { key: app.key, name: app.name, description: app.description, builtIn: "builtIn" in app },
    });
    for (const [key, name, description] of app.roles) {
      const role = await db.role.upsert({
        where: { applicationId_key: { applicationId: application.id, key } },
        update: {},
        create: { applicationId: application.id, key, name, description },
      });
      roleIds.set(`${app.key}:${key}`, role.id);
    }
  }

  const production = await db.stage.findFirstOrThrow({ where: { isDefault: true }, select: { id: true } });
  const groupIds = new Map<string, string>();
  for (const group of groups) {
    const row = await db.group.upsert({
      where: { stageId_nameKey: { stageId: production.id, nameKey: group.name.toLowerCase() } },
      update: {},
      create: { name: group.name, nameKey: group.name.toLowerCase(), description: group.description },
    });
    groupIds.set(group.name, row.id);
    await db.groupRole.createMany({
      data: group.roles.map((key) => ({ groupId: row.id, roleId: roleIds.get(key)! })),
      skipDuplicates: true,
    });
  }

  const passwordHash = await hash(DEMO_PASSWORD);
  const userIds = new Map<string, string>();
  for (const [username, displayName, memberOf] of people) {
    const user = await db.user.upsert({
      where: { username },
      update: {},
      create: { username, displayName, email: `${username}@example.com`, passwordHash },
    });
    userIds.set(username, user.id);
    await db.membership.createMany({
      data: memberOf.map((name) => ({ groupId: groupIds.get(name)!, userId: user.id })),
      skipDuplicates: true,
    });
  }
  await db.directGrant.createMany({
    data: directGrants.map(([username, role]) => ({ userId: userIds.get(username)!, roleId: roleIds.get(role)! })),
    skipDuplicates: true,
  });
  if (process.env.DEMO_STAGES !== "default") await seedStages(db, roleIds, userIds);
  return { created: true };
}

async function seedStages(db: PrismaClient, roleIds: Map<string, string>, userIds: Map<string, string>) {
  const stageIds = new Map<string, string>();
  for (const [position, stage] of extraStages.entries()) {
    const row = await db.stage.upsert({ where: { key: stage.key }, update: {}, create: { ...stage, position } });
    stageIds.set(stage.key, row.id);
  }
  await db.stage.updateMany({ where: { isDefault: true }, data: { position: extraStages.length } });
  for (const group of stagedGroups) {
    const stageId = stageIds.get(group.stage)!;
    const row = await db.group.upsert({
      where: { stageId_nameKey: { stageId, nameKey: group.name.toLowerCase() } },
      update: {},
      create: { name: group.name, nameKey: group.name.toLowerCase(), description: group.description, stageId },
    });
    await db.groupRole.createMany({
      data: group.roles.map((key) => ({ groupId: row.id, roleId: roleIds.get(key)! })),
      skipDuplicates: true,
    });
    await db.membership.createMany({
      data: group.members.map((username) => ({ groupId: row.id, userId: userIds.get(username)! })),
      skipDuplicates: true,
    });
  }
  await db.directGrant.createMany({
    data: stagedGrants.map(([stage, username, role]) => ({
      stageId: stageIds.get(stage)!,
      userId: userIds.get(username)!,
      roleId: roleIds.get(role)!,
    })),
    skipDuplicates: true,
  });
}

async function main() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set.");
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  try {
    const { created } = await seed(db);
    console.error(created ? "Seeded the demo organisation." : "Demo data already present; nothing changed.");
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

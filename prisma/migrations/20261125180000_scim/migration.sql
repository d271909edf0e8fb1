-- SCIM 2.0 provisioning (issue 14): the directory's own id of users and groups, the SCIM attributes
-- Gatehouse has no column for (name parts, title, the enterprise extension), and SCIM as a membership source.
ALTER TABLE "User" ADD COLUMN "externalId" TEXT,
ADD COLUMN "scimAttributes" JSONB;

ALTER TABLE "Group" ADD COLUMN "externalId" TEXT;

ALTER TABLE "Membership" ADD COLUMN "scim" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "scimTokenId" UUID;

CREATE INDEX "User_externalId_idx" ON "User"("externalId");

CREATE INDEX "Group_externalId_idx" ON "Group"("externalId");

CREATE INDEX "Membership_scimTokenId_idx" ON "Membership"("scimTokenId");

ALTER TABLE "Membership" ADD CONSTRAINT "Membership_scimTokenId_fkey" FOREIGN KEY ("scimTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A sign-in client belongs to one stage: its tokens carry the groups and roles the user has in that
-- stage. Existing clients (and any created without naming a stage) are in the default stage.
ALTER TABLE "OidcClient" ADD COLUMN "stageId" UUID NOT NULL DEFAULT default_stage_id();

CREATE INDEX "OidcClient_stageId_idx" ON "OidcClient"("stageId");

ALTER TABLE "OidcClient" ADD CONSTRAINT "OidcClient_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "Stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

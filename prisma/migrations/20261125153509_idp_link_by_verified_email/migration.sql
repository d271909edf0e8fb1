-- AlterTable
ALTER TABLE "IdentityProvider" ADD COLUMN     "linkByVerifiedEmail" BOOLEAN NOT NULL DEFAULT false;

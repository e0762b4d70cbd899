-- AlterEnum
ALTER TYPE "ImportKind" ADD VALUE 'owned_sends';

/** The committed distributed layout, written by `npm run db:citus-layout`. */
export const LAYOUT_FILE = "deploy/citus/layout.sql";

/** One connection of one workspace: every sync, credential and run query is keyed by both. */
export type SyncScope = { workspaceId: string; connectionId: string };

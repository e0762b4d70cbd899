/** Which touchpoints to rewrite: some visitors' (all of them), or every one from an instant on. */
export type TTouchpointScope = { anonymousIds: readonly string[] } | { since: Date };

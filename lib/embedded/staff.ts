// A Shopify staff member is a Signalboard user without a password, found through an
// oauth_accounts row: provider "shopify", the account id "{shop}/{sub}". Keyed per shop so one
// shop's staff never resolve to a user of another shop's workspace.

export const STAFF_PROVIDER = "shopify";

export const staffAccountId = (shop: string, userId: string) => `${shop}/${userId}`;

/** A unique, undeliverable address: the users table needs one, and the session token carries none. */
export const staffEmail = (shop: string, userId: string) => `staff-${userId}@${shop}.invalid`;

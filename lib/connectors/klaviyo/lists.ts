// Klaviyo lists as documented for revision 2026-07-15: find a list by name (GET /lists with
// filter=equals(name,...)) or create it (POST /lists); add profiles by email through a bulk
// import job that also puts them on the list (POST /profile-bulk-import-jobs, at most 10,000
// profiles a job); find profiles' ids by email (GET /profiles with filter=any(email,[...]), at
// most 100 a page); remove profiles from a list by id (DELETE /lists/{id}/relationships/profiles,
// at most 1,000 a call). Removing a profile from a list leaves its consent as it was.

import type { KlaviyoClient } from "./client";

export const IMPORT_BATCH = 10_000;
export const LOOKUP_BATCH = 100;
export const REMOVE_BATCH = 1_000;

type ListsPage = { data: { type: "list"; id: string; attributes?: { name?: string } }[]; links?: { next?: string | null } };
type Created = { data: { id: string } };
type ProfilesPage = { data: { type: "profile"; id: string; attributes?: { email?: string | null } }[]; links?: { next?: string | null } };

/** A filter string value: Klaviyo's filter syntax quotes with double quotes and escapes them. */
const quoted = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export async function findOrCreateList(client: KlaviyoClient, name: string): Promise<string> {
  const found = await client.get<ListsPage>("lists", { filter: `equals(name,${quoted(name)})`, "fields[list]": "name" });
  const match = found.data.find((list) => list.attributes?.name === name);
  if (match) return match.id;
  const created = await client.post<Created>("lists", { data: { type: "list", attributes: { name } } });
  return created.data.id;
}

/** Queues one import job creating or updating these profiles and adding them to the list. */
export async function importToList(client: KlaviyoClient, listId: string, emails: readonly string[]): Promise<string> {
  const job = await client.post<Created>("profile-bulk-import-jobs", {
    data: {
      type: "profile-bulk-import-job",
      attributes: { profiles: { data: emails.map((email) => ({ type: "profile", attributes: { email } })) } },
      relationships: { lists: { data: [{ type: "list", id: listId }] } },
    },
  });
  return job.data.id;
}

/** The ids of the profiles Klaviyo has for these emails (an email it does not know is absent). */
export async function profileIdsByEmail(client: KlaviyoClient, emails: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  let page = await client.get<ProfilesPage>("profiles", {
    filter: `any(email,[${emails.map(quoted).join(",")}])`,
    "fields[profile]": "email",
    "page[size]": LOOKUP_BATCH,
  });
  for (;;) {
    for (const profile of page.data) ids.push(profile.id);
    const next = page.links?.next;
    if (!next) return ids;
    page = await client.next<ProfilesPage>(next);
  }
}

export async function removeFromList(client: KlaviyoClient, listId: string, profileIds: readonly string[]): Promise<void> {
  await client.delete(`lists/${encodeURIComponent(listId)}/relationships/profiles`, { data: profileIds.map((id) => ({ type: "profile", id })) });
}

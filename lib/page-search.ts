// A page's search params as Next.js hands them (a name once is a string, repeated an array), back
// as URLSearchParams for the parsers the API shares.

export type PageSearch = Record<string, string | string[] | undefined>;

export function searchParamsOf(search: PageSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) for (const v of [value ?? []].flat()) params.append(name, v);
  return params;
}

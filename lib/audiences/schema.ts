import { z } from "zod";

// The API's answers about audiences, shared by the routes' types and the OpenAPI document.

export const ZAudienceSchema = z.object({
  id: z.string().describe("The tag's id."),
  name: z.string(),
  kind: z.enum(["manual", "rule"]).describe("`manual`: people tagged by hand or by an upload; `rule`: a saved segment, kept by its rule after every recompute."),
  description: z.string().nullable(),
  size: z.number().int().describe("People who have the tag now."),
  created_at: z.string().describe("ISO 8601."),
});

export const ZAudienceListSchema = z.object({ audiences: z.array(ZAudienceSchema) });

export const ZAudienceMemberSchema = z.object({
  id: z.string().describe("The person's id: base64url of their person key; a customer's is the id `/customers/{id}` takes."),
  since: z.string().describe("When they joined (ISO 8601)."),
  source: z.string().describe("`manual` or `rule`."),
  orders: z.number().int().nullable().describe("Counted orders; null for a tracked visitor without a customer profile."),
  net_sales: z.string().nullable().describe("Net sales so far in the workspace currency, as a decimal string."),
  last_order_at: z.string().nullable(),
  country: z.string().nullable(),
});

export const ZAudienceMemberPageSchema = z.object({
  members: z.array(ZAudienceMemberSchema),
  next_cursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
});

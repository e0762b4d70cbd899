import { z } from "zod";

export const ZCurrency = z.string().regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD.");
export const ZIsoDay = z.iso.date("Use a YYYY-MM-DD day.");

import { refreshProviderRates } from "@/lib/fx/refresh";
import { inngest } from "./client";

// Exchange rates from the configured provider (FX_RATES_URL), once a day after the usual
// publication time; without a provider it does nothing.
export const refreshRates = inngest.createFunction(
  { id: "refresh-exchange-rates", triggers: [{ cron: "TZ=UTC 30 16 * * *" }], retries: 3 },
  async ({ step }) => step.run("refresh", async () => (await refreshProviderRates()) ?? { rows: 0, skipped: true }),
);

import { isConnectorError } from "./errors";

// Ad-group and ad-level reports need more of a platform than campaign totals do (a Meta token
// without access to an ad account's ads, a TikTok app without ad-level reporting scope). Campaigns
// are what every report stands on, so such a refusal must not fail the sync: the level is left
// out for the window and the run carries a warning saying why. Any other failure still fails.

/** Reads one level below the campaign; a refusal for lack of permission gives `empty` and a warning. */
export async function readBelowCampaign<T>(label: string, level: "ad group" | "ad", read: () => Promise<T>, empty: T, warnings: string[]): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isConnectorError(error) || error.kind !== "permission") throw error;
    warnings.push(`${label} refused the ${level.replace(" ", "-")}-level report (${error.providerCode ?? "permission"}), so campaigns synced without ${level}s: ${error.message}`);
    return empty;
  }
}

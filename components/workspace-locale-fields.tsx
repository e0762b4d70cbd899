"use client";

import { useSyncExternalStore } from "react";
import { SelectField } from "@/components/ui/field";
import { COMMON_CURRENCIES, currencyForLocale } from "@/lib/workspaces/locale-defaults";

const SERVER_DEFAULTS = "UTC|USD";
const noSubscription = () => () => {};
const browserDefaults = () => `${Intl.DateTimeFormat().resolvedOptions().timeZone}|${currencyForLocale(navigator.language)}`;

/** Time zone and currency pickers that default to what the browser says about the person. */
export function WorkspaceLocaleFields({ timeZones, currencies, errors }: {
  timeZones: string[];
  currencies: string[];
  errors?: Record<string, string>;
}) {
  // The server cannot know the browser's zone; the fields re-mount with it after hydration.
  const defaults = useSyncExternalStore(noSubscription, browserDefaults, () => SERVER_DEFAULTS);
  const [zone, currency] = defaults.split("|") as [string, string];
  const options = [...COMMON_CURRENCIES, ...currencies.filter((c) => !COMMON_CURRENCIES.includes(c))];
  return (
    <div key={defaults} className="grid gap-4 sm:grid-cols-2">
      <SelectField
        label="Reporting time zone"
        name="timeZone"
        defaultValue={timeZones.includes(zone) ? zone : "UTC"}
        options={timeZones.map((z) => ({ value: z, label: z }))}
        error={errors?.timeZone}
        hint="Report days start at midnight here."
      />
      <SelectField label="Currency" name="currency" defaultValue={currency} options={options.map((c) => ({ value: c, label: c }))} error={errors?.currency} />
    </div>
  );
}

"use client";

import { useFormAction } from "@/components/ui/form-action";
import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { META_ATTRIBUTION_CHOICES } from "@/lib/connections/attribution-choices";
import { attributionWindowAction, connectApiKeyAction, connectCrmAction, connectDemoAction, connectionSettingsAction, connectKeyPairAction, connectShopifyAction, disconnectAction, makeShopLinkCodeAction, resyncRangeAction } from "./actions";

export function ConnectShopifyForm({ slug }: { slug: string }) {
  const { state, form } = useFormAction(connectShopifyAction);
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <TextField label="Shop domain" name="shop" placeholder="your-store.myshopify.com" required error={state?.fields?.shop ?? (state?.fields ? undefined : state?.error)} />
      <div className="sm:pt-6">
        <SubmitButton pendingLabel="Opening Shopify…">Connect Shopify</SubmitButton>
      </div>
    </form>
  );
}

/** Makes a link code for the Shopify admin's install of the app, shown once with how to use it. */
export function ShopLinkCodeForm({ slug }: { slug: string }) {
  const { state, form } = useFormAction(makeShopLinkCodeAction);
  return (
    <div className="space-y-3">
      {state?.data?.code ? (
        <div className="rounded-md bg-emerald-50 p-4 ring-1 ring-inset ring-emerald-200" role="status">
          <p className="text-sm font-medium text-emerald-900">Paste this code into Signalboard inside your Shopify admin, under Settings. {state.message}</p>
          <code data-testid="shop-link-code" className="mt-2 block break-all rounded bg-white px-3 py-2 font-mono text-sm ring-1 ring-emerald-200">
            {state.data.code}
          </code>
        </div>
      ) : (
        <ActionNotice state={state} />
      )}
      <form {...form}>
        <input type="hidden" name="slug" value={slug} />
        <SubmitButton variant="secondary" pendingLabel="Making a code…">
          Make a link code
        </SubmitButton>
      </form>
    </div>
  );
}

/** A store's address and the REST API key pair made for Signalboard in its admin (WooCommerce). */
export function ConnectKeyPairForm({ slug, provider, label, storeUrl }: { slug: string; provider: string; label: string; storeUrl?: string }) {
  const { state, form } = useFormAction(connectKeyPairAction);
  return (
    <form {...form} className="space-y-3" noValidate aria-label={`Connect ${label} with a key pair`}>
      <ActionNotice state={state?.fields ? null : state} />
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="provider" value={provider} />
      <TextField label="Store address" name="storeUrl" placeholder="https://shop.example.com" defaultValue={storeUrl} required error={state?.fields?.storeUrl ?? state?.fields?.provider} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Consumer key" name="consumerKey" placeholder="ck_…" autoComplete="off" required error={state?.fields?.consumerKey} />
        <TextField label="Consumer secret" name="consumerSecret" type="password" placeholder="cs_…" autoComplete="off" required error={state?.fields?.consumerSecret} />
      </div>
      <SubmitButton pendingLabel="Checking the store…">{`Connect ${label}`}</SubmitButton>
    </form>
  );
}

/** A messaging platform's private API key (Klaviyo), pasted once and checked before it is kept. */
export function ConnectApiKeyForm({ slug, provider, label }: { slug: string; provider: string; label: string }) {
  const { state, form } = useFormAction(connectApiKeyAction);
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start" noValidate aria-label={`Connect ${label} with an API key`}>
      <ActionNotice state={state?.fields ? null : state} />
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="provider" value={provider} />
      <TextField label="Private API key" name="apiKey" type="password" placeholder="pk_…" autoComplete="off" required error={state?.fields?.apiKey ?? state?.fields?.provider} />
      <div className="sm:pt-6">
        <SubmitButton pendingLabel="Checking the key…">{`Connect ${label}`}</SubmitButton>
      </div>
    </form>
  );
}

/** A CRM's one pasted secret (a private app token, a webhook URL), named as its registry entry asks. */
export function ConnectCrmForm({ slug, provider, label, field, fieldLabel }: { slug: string; provider: string; label: string; field: string; fieldLabel: string }) {
  const { state, form } = useFormAction(connectCrmAction);
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start" noValidate aria-label={`Connect ${label}`}>
      <ActionNotice state={state?.fields ? null : state} />
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="provider" value={provider} />
      <TextField label={fieldLabel} id={`${provider}-${field}`} name={field} type="password" autoComplete="off" required error={state?.fields?.[field] ?? state?.fields?.provider} />
      <div className="sm:pt-6">
        <SubmitButton pendingLabel="Checking…">{`Connect ${label}`}</SubmitButton>
      </div>
    </form>
  );
}

export function ConnectDemoForm({ slug }: { slug: string }) {
  const { state, form } = useFormAction(connectDemoAction);
  return (
    <form {...form} className="space-y-3">
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <SubmitButton variant="secondary" pendingLabel="Connecting…">
        Connect the demo store
      </SubmitButton>
    </form>
  );
}

export function ResyncRangeForm({ slug, connectionId, today }: { slug: string; connectionId: string; today: string }) {
  const { state, form } = useFormAction(resyncRangeAction);
  return (
    <form {...form} className="space-y-2" aria-label="Re-sync a date range">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="connectionId" value={connectionId} />
      <div className="flex flex-wrap items-start gap-2">
        <div className="w-40">
          <TextField label="From" name="from" type="date" max={today} required error={state?.fields?.from} />
        </div>
        <div className="w-40">
          <TextField label="To" name="to" type="date" max={today} defaultValue={today} required error={state?.fields?.to} />
        </div>
        <div className="pt-6">
          <SubmitButton variant="secondary" pendingLabel="Starting…">
            Re-sync range
          </SubmitButton>
        </div>
      </div>
      <ActionNotice state={state?.fields ? null : state} />
    </form>
  );
}

export function DisconnectForm({ slug, connectionId, name, data = "its orders, customers and products" }: { slug: string; connectionId: string; name: string; data?: string }) {
  const { state, form } = useFormAction(disconnectAction);
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className="text-sm text-red-600 hover:underline">
        Disconnect…
      </button>
    );
  }
  return (
    <form {...form} className="space-y-3 rounded-md bg-red-50/50 p-3 ring-1 ring-red-100">
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="connectionId" value={connectionId} />
      <p className="text-sm font-medium text-slate-800">Disconnect {name}? Syncing stops at once.</p>
      <fieldset className="space-y-1 text-sm">
        <legend className="sr-only">What happens to the synced data</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="data" value="keep" defaultChecked /> Keep its data in reports
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="data" value="delete" /> Delete {data}
        </label>
      </fieldset>
      <div className="flex gap-2">
        <SubmitButton variant="danger" pendingLabel="Disconnecting…">
          Disconnect
        </SubmitButton>
        <button type="button" onClick={() => setOpen(false)} className="text-sm text-slate-600 hover:underline">
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ConnectionSettingsForm({ slug, connectionId, settings, timeZone }: {
  slug: string;
  connectionId: string;
  settings: { restatementDays: number; restatementHour: number };
  timeZone: string;
}) {
  const { state, form } = useFormAction(connectionSettingsAction);
  return (
    <form {...form} className="space-y-3" noValidate>
      <ActionNotice state={state?.fields ? null : state} />
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="connectionId" value={connectionId} />
      <div className="grid gap-3 sm:grid-cols-[12rem_12rem_auto] sm:items-start">
        <TextField
          label="Days to re-pull"
          name="restatementDays"
          type="number"
          min={1}
          max={28}
          defaultValue={settings.restatementDays}
          error={state?.fields?.restatementDays}
        />
        <TextField
          label={`Hour (${timeZone})`}
          name="restatementHour"
          type="number"
          min={0}
          max={23}
          defaultValue={settings.restatementHour}
          error={state?.fields?.restatementHour}
        />
        <div className="sm:pt-6">
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            Save
          </SubmitButton>
        </div>
      </div>
    </form>
  );
}

export function AttributionWindowForm({ slug, connectionId, current }: { slug: string; connectionId: string; current: string }) {
  const { state, form } = useFormAction(attributionWindowAction);
  return (
    <form {...form} className="space-y-3" aria-label="Attribution window">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="connectionId" value={connectionId} />
      <label className="block text-sm font-medium text-slate-700">
        Count a purchase for an ad within
        <select name="attributionWindow" defaultValue={current} className="mt-1 block w-full max-w-sm rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-inset ring-slate-300">
          {Object.entries(META_ATTRIBUTION_CHOICES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {state?.fields?.attributionWindow ? <p className="text-sm text-red-600">{state.fields.attributionWindow}</p> : null}
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save and re-pull history
      </SubmitButton>
      <ActionNotice state={state?.fields ? null : state} />
    </form>
  );
}

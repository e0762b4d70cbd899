"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import type { TCampaignOption } from "@/lib/metrics/report/campaigns";
import { campaignKeys, searchCampaigns } from "./api";

// The campaign filter as a searchable list of names with their platform: reports filter by
// campaign id, which nobody knows by heart. A combobox in the ARIA pattern: type to search,
// arrows to move, Enter to pick, Escape to close, Backspace on an empty box to drop the last pick.

const SEARCH_DELAY_MS = 250;

/** The option made active by a key, or null when the key does not move it. */
export function movedActive(key: string, active: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return active < 0 ? 0 : (active + 1) % count;
    case "ArrowUp":
      return active <= 0 ? count - 1 : active - 1;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/** What a picked campaign is called: its name and platform when known, else the id as given. */
export function pickedLabel(id: string, known: ReadonlyMap<string, TCampaignOption>): string {
  const campaign = known.get(id);
  return campaign ? `${campaign.name} (${campaign.platform_label})` : id;
}

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function CampaignPicker({ slug, label, value, onChange }: { slug: string; label: string; value: string[]; onChange: (ids: string[]) => void }) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced(text.trim(), SEARCH_DELAY_MS);

  const results = useQuery({ queryKey: campaignKeys.search(slug, q, []), queryFn: () => searchCampaigns(slug, q), enabled: open, staleTime: 30_000 });
  const named = useQuery({
    queryKey: campaignKeys.search(slug, "", value),
    queryFn: () => searchCampaigns(slug, "", value),
    enabled: value.length > 0,
    staleTime: 30_000,
  });
  const known = new Map<string, TCampaignOption>([...(named.data ?? []), ...(results.data ?? [])].map((c) => [c.id, c]));
  const options = (results.data ?? []).filter((c) => !value.includes(c.id));
  const activeOption = active >= 0 && active < options.length ? options[active] : undefined;

  function pick(campaign: TCampaignOption) {
    onChange([...value, campaign.id]);
    setText("");
    setActive(-1);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    const moved = movedActive(event.key, active, options.length);
    if (moved !== null) {
      event.preventDefault();
      setOpen(true);
      setActive(moved);
    } else if (event.key === "Enter") {
      // Enter picks; it never submits the widget form from here.
      event.preventDefault();
      if (open && activeOption) pick(activeOption);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    } else if (event.key === "Backspace" && text === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  return (
    <div className="space-y-1" data-testid="campaign-picker">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {value.length > 0 ? (
        <ul className="flex flex-wrap gap-1" aria-label={`Picked ${label.toLowerCase()}`}>
          {value.map((campaignId) => (
            <li key={campaignId} className="flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-800">
              <span>{pickedLabel(campaignId, known)}</span>
              <button
                type="button"
                className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
                aria-label={`Remove ${pickedLabel(campaignId, known)}`}
                onClick={() => onChange(value.filter((v) => v !== campaignId))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="relative">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeOption ? `${id}-option-${activeOption.id}` : undefined}
          autoComplete="off"
          placeholder="Search campaigns by name"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600"
        />
        {open ? (
          <ul id={listId} role="listbox" aria-label={label} className="absolute z-10 mt-1 max-h-56 w-full overflow-y-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
            {options.map((campaign, index) => (
              <li
                key={campaign.id}
                id={`${id}-option-${campaign.id}`}
                role="option"
                aria-selected={index === active}
                className={`flex cursor-pointer justify-between gap-2 px-3 py-1.5 ${index === active ? "bg-brand-50 text-brand-700" : "text-slate-800 hover:bg-slate-50"}`}
                // Picking on mouse down keeps the focus (and the list) in the box.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(campaign);
                }}
              >
                <span className="truncate">{campaign.name}</span>
                <span className="shrink-0 text-xs text-slate-500">{campaign.platform_label}</span>
              </li>
            ))}
            {options.length === 0 ? (
              <li role="presentation" className="px-3 py-1.5 text-slate-500">
                {results.isPending ? "Searching…" : results.isError ? results.error.message : "No campaign matches."}
              </li>
            ) : null}
          </ul>
        ) : null}
      </div>
      <p className="text-xs text-slate-500">Empty means every campaign.</p>
    </div>
  );
}

import { ResyncRangeForm } from "@/app/w/[slug]/connections/connection-forms";
import { Card } from "@/components/ui/card";
import { localDate } from "@/lib/time/zone";

/**
 * Re-pulls any range of days from the platform, overwriting what it reported before. Dates are
 * the workspace's days; an ad account's day counts as the same calendar date.
 */
export function ResyncCard({ slug, connectionId, timeZone }: { slug: string; connectionId: string; timeZone: string }) {
  return (
    <div className="mb-6">
      <Card title="Re-sync a range" description="Pull a range of days again, for instance after the platform corrected its numbers further back than the daily restatement reaches.">
        <ResyncRangeForm slug={slug} connectionId={connectionId} today={localDate(new Date(), timeZone)} />
      </Card>
    </div>
  );
}

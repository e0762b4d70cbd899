import type { DouyinClient, OrderListPage, ReportPage } from "@/lib/connectors/douyin/client";
import { formatBeijingTime } from "@/lib/connectors/douyin/transform";
import { saveAdConnection } from "@/lib/connections/credentials";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";

// The DOU+ API held in memory behind the client's shape: tests set the orders and report rows,
// see what was asked, and make a page fail on cue.

export type FakeOrder = { order_id: string; aweme_id: string; status?: string; budget?: number; aweme_title?: string; create_time: Date; update_time?: Date };
export type FakeStat = { order_id: string; item_id: string; at: Date; cost: number; plays: number; likes?: number; shares?: number; conversions?: number; completion?: number };

export class FakeDouyin implements DouyinClient {
  orders: FakeOrder[] = [];
  stats: unknown[] = [];
  /** page_info.total_number to claim instead of the truth. */
  claimTotal: number | null = null;
  failOn: { call: "orders" | "report"; page: number; error: Error } | null = null;
  orderCalls: { page: number; updatedFrom: string }[] = [];

  addStat(s: FakeStat): this {
    this.stats.push({
      dimension_data: { order_id: s.order_id, item_id: s.item_id, stat_time: formatBeijingTime(s.at) },
      metrics_data: {
        stat_cost: s.cost, total_play: s.plays, custom_like: s.likes ?? 0, dy_share: s.shares ?? 0, dp_target_convert_cnt: s.conversions ?? 0,
        ...(s.completion === undefined ? {} : { play_duration_5s_rank: s.completion }),
      },
    });
    return this;
  }

  async orderPage(input: { page: number; pageSize: number; updatedFrom: string }): Promise<OrderListPage> {
    this.orderCalls.push({ page: input.page, updatedFrom: input.updatedFrom });
    if (this.failOn?.call === "orders" && this.failOn.page === input.page) throw this.failOn.error;
    // Like a platform that ignores the filter: the sync must check the window itself.
    const list = this.orders.slice((input.page - 1) * input.pageSize, input.page * input.pageSize).map((o) => ({
      order_id: o.order_id, aweme_id: o.aweme_id, status: o.status ?? "DELIVERING", budget: o.budget ?? 10000, aweme_title: o.aweme_title ?? `Video ${o.aweme_id}`,
      create_time: formatBeijingTime(o.create_time), ...(o.update_time ? { update_time: formatBeijingTime(o.update_time) } : {}),
    }));
    return { list, pageInfo: { total_number: this.claimTotal ?? this.orders.length, page: input.page, page_size: input.pageSize } };
  }

  async reportPage(input: { page: number; pageSize: number }): Promise<ReportPage> {
    if (this.failOn?.call === "report" && this.failOn.page === input.page) throw this.failOn.error;
    return { rows: this.stats.slice((input.page - 1) * input.pageSize, input.page * input.pageSize), pageInfo: { total_number: this.stats.length } };
  }
}

/** A workspace with one Douyin connection holding sealed tokens. */
export async function douyinConnection(options: { timeZone?: string; name?: string } = {}) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, options.timeZone ? { timeZone: options.timeZone } : {});
  const account = { id: `open-${Math.random().toString(36).slice(2, 10)}`, name: options.name ?? "Douyin test", currency: "CNY", timeZone: "Asia/Shanghai" };
  const tokens = { accessToken: "act.secret-access", refreshToken: "rft.secret-refresh", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), refreshExpiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(), scopes: ["user_info"], subject: account.id };
  const { id } = await saveAdConnection(workspace.id, { provider: "douyin", account, tokens });
  return { owner, workspace, scope: { workspaceId: workspace.id, connectionId: id } };
}

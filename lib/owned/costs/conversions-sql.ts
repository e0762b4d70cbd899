// Each attributed order once, for the cost overview's ROAS and the registry's owned revenue: an
// order can be an open-, a click- and a session-conversion at once (the report counts each), but
// its revenue is returned once, by the send of its click, else its session, else its open.
// $1 is the workspace.
export const ORDER_CONVERSIONS_SQL = `
  SELECT DISTINCT ON (cv.connection_id, cv.order_id) cv.send_id, cv.revenue_minor
  FROM owned_conversions cv
  WHERE cv.workspace_id = $1
  ORDER BY cv.connection_id, cv.order_id, CASE cv.kind WHEN 'click' THEN 0 WHEN 'session' THEN 1 ELSE 2 END, cv.send_id`;

/** SQL: what one send is billed in under its channel's fee `f` (a send that reported no segments or points counts as one). */
export const billedUnitsSql = (s: string, f: string) =>
  `(CASE ${f}.basis WHEN 'segment' THEN COALESCE(${s}.segments, 1) WHEN 'point' THEN COALESCE(${s}.points, 1) ELSE 1 END)`;

-- AlterTable
ALTER TABLE "owned_sends" ADD COLUMN     "clicked" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "complained" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "machine_clicked" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "machine_opened" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "opened" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "unsubscribed" BOOLEAN NOT NULL DEFAULT false;

-- What recipients did is kept on the send itself, so a day's report sums are a plain aggregate of
-- its sends. Every statement that writes opens, clicks or unsubscribe and complaint events sets
-- the flags of the sends it touched again from their rows, and updates a send only when a flag
-- changed: that update marks the send's day through owned_sends' own triggers, so the interaction
-- tables no longer mark days themselves. The sends are locked first, in key order, and the flags
-- read by the next statement, which (read committed) sees every write committed meanwhile: two
-- writers of the same send cannot leave it with the flags of the one that committed first.
-- The migration runner splits scripts at every semicolon, so the bodies write theirs as \073.
DROP TRIGGER owned_opens_mark_insert ON owned_opens;
DROP TRIGGER owned_opens_mark_update ON owned_opens;
DROP TRIGGER owned_opens_mark_delete ON owned_opens;
DROP TRIGGER owned_clicks_mark_insert ON owned_clicks;
DROP TRIGGER owned_clicks_mark_update ON owned_clicks;
DROP TRIGGER owned_clicks_mark_delete ON owned_clicks;
DROP TRIGGER owned_send_events_mark_insert ON owned_send_events;
DROP TRIGGER owned_send_events_mark_update ON owned_send_events;
DROP TRIGGER owned_send_events_mark_delete ON owned_send_events;
DROP FUNCTION owned_mark_days_of_interactions();

CREATE FUNCTION owned_set_open_flags() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM 1 FROM owned_sends s WHERE (s.workspace_id, s.id) IN (SELECT workspace_id, send_id FROM changed_rows)
  ORDER BY s.workspace_id, s.id FOR UPDATE OF s\073
  UPDATE owned_sends s SET opened = f.opened, machine_opened = f.machine_opened
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows) c
  CROSS JOIN LATERAL (SELECT
    EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = c.workspace_id AND o.send_id = c.send_id AND NOT o.machine) AS opened,
    EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = c.workspace_id AND o.send_id = c.send_id AND o.machine) AS machine_opened) f
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id
    AND (s.opened, s.machine_opened) IS DISTINCT FROM (f.opened, f.machine_opened)\073
  RETURN NULL\073
END';

CREATE FUNCTION owned_set_click_flags() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM 1 FROM owned_sends s WHERE (s.workspace_id, s.id) IN (SELECT workspace_id, send_id FROM changed_rows)
  ORDER BY s.workspace_id, s.id FOR UPDATE OF s\073
  UPDATE owned_sends s SET clicked = f.clicked, machine_clicked = f.machine_clicked
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows) c
  CROSS JOIN LATERAL (SELECT
    EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = c.workspace_id AND k.send_id = c.send_id AND k.human AND NOT k.machine) AS clicked,
    EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = c.workspace_id AND k.send_id = c.send_id AND k.machine) AS machine_clicked) f
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id
    AND (s.clicked, s.machine_clicked) IS DISTINCT FROM (f.clicked, f.machine_clicked)\073
  RETURN NULL\073
END';

CREATE FUNCTION owned_set_event_flags() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM 1 FROM owned_sends s WHERE (s.workspace_id, s.id) IN (SELECT workspace_id, send_id FROM changed_rows)
  ORDER BY s.workspace_id, s.id FOR UPDATE OF s\073
  UPDATE owned_sends s SET unsubscribed = f.unsubscribed, complained = f.complained
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows) c
  CROSS JOIN LATERAL (SELECT
    EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = c.workspace_id AND e.send_id = c.send_id AND e.kind = ''unsubscribe'') AS unsubscribed,
    EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = c.workspace_id AND e.send_id = c.send_id AND e.kind = ''spam_complaint'') AS complained) f
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id
    AND (s.unsubscribed, s.complained) IS DISTINCT FROM (f.unsubscribed, f.complained)\073
  RETURN NULL\073
END';

CREATE TRIGGER owned_opens_flags_insert AFTER INSERT ON owned_opens REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_open_flags();
CREATE TRIGGER owned_opens_flags_update AFTER UPDATE ON owned_opens REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_open_flags();
CREATE TRIGGER owned_opens_flags_delete AFTER DELETE ON owned_opens REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_open_flags();
CREATE TRIGGER owned_clicks_flags_insert AFTER INSERT ON owned_clicks REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_click_flags();
CREATE TRIGGER owned_clicks_flags_update AFTER UPDATE ON owned_clicks REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_click_flags();
CREATE TRIGGER owned_clicks_flags_delete AFTER DELETE ON owned_clicks REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_click_flags();
CREATE TRIGGER owned_send_events_flags_insert AFTER INSERT ON owned_send_events REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_event_flags();
CREATE TRIGGER owned_send_events_flags_update AFTER UPDATE ON owned_send_events REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_event_flags();
CREATE TRIGGER owned_send_events_flags_delete AFTER DELETE ON owned_send_events REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_event_flags();

-- The flags of sends stored before: set from their rows (marking their days through the send triggers).
UPDATE owned_sends s SET
  opened = EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = s.workspace_id AND o.send_id = s.id AND NOT o.machine),
  machine_opened = EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = s.workspace_id AND o.send_id = s.id AND o.machine),
  clicked = EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = s.workspace_id AND k.send_id = s.id AND k.human AND NOT k.machine),
  machine_clicked = EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = s.workspace_id AND k.send_id = s.id AND k.machine),
  unsubscribed = EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = s.workspace_id AND e.send_id = s.id AND e.kind = 'unsubscribe'),
  complained = EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = s.workspace_id AND e.send_id = s.id AND e.kind = 'spam_complaint')
WHERE EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = s.workspace_id AND o.send_id = s.id)
   OR EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = s.workspace_id AND k.send_id = s.id)
   OR EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = s.workspace_id AND e.send_id = s.id);

-- The report's day rebuild reads a day's sends from one index alone (every column it counts is in it).
-- DropIndex
DROP INDEX "owned_sends_workspace_id_sent_day_campaign_id_template_id_idx";

-- CreateIndex
CREATE INDEX "owned_sends_day_report_idx" ON "owned_sends"("workspace_id", "sent_day", "campaign_id", "template_id", "channel", "status", "is_test", "opened", "clicked", "machine_opened", "machine_clicked", "unsubscribed", "complained");

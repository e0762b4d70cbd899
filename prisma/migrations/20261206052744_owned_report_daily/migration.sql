-- CreateTable
CREATE TABLE "owned_report_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "sends" INTEGER NOT NULL,
    "delivered" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "opens" INTEGER NOT NULL,
    "clicks" INTEGER NOT NULL,
    "machine_opens" INTEGER NOT NULL,
    "machine_clicks" INTEGER NOT NULL,
    "unsubscribes" INTEGER NOT NULL,
    "complaints" INTEGER NOT NULL,

    CONSTRAINT "owned_report_daily_pkey" PRIMARY KEY ("workspace_id","day","channel","campaign_id","template_id")
);

-- CreateTable
CREATE TABLE "owned_report_dirty" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "owned_report_dirty_pkey" PRIMARY KEY ("workspace_id","day")
);

-- Every statement that writes sends or what recipients did marks the send days it touched, in
-- the same transaction (lib/owned/report/daily.ts reads and clears the marks). Keys are taken in
-- ascending order so concurrent writers cannot deadlock on them.
-- The migration runner splits scripts at every semicolon, so the bodies write theirs as \073.
CREATE FUNCTION owned_mark_days_of_sends() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO owned_report_dirty (workspace_id, day)
  SELECT DISTINCT workspace_id, sent_day FROM changed_sends WHERE sent_day IS NOT NULL ORDER BY 1, 2
  ON CONFLICT (workspace_id, day) DO UPDATE SET version = owned_report_dirty.version + 1\073
  RETURN NULL\073
END';

CREATE FUNCTION owned_mark_days_of_interactions() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO owned_report_dirty (workspace_id, day)
  SELECT DISTINCT s.workspace_id, s.sent_day FROM changed_rows c
  JOIN owned_sends s ON s.workspace_id = c.workspace_id AND s.id = c.send_id
  WHERE s.sent_day IS NOT NULL ORDER BY 1, 2
  ON CONFLICT (workspace_id, day) DO UPDATE SET version = owned_report_dirty.version + 1\073
  RETURN NULL\073
END';

CREATE TRIGGER owned_sends_mark_insert AFTER INSERT ON owned_sends REFERENCING NEW TABLE AS changed_sends
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_sends();
CREATE TRIGGER owned_sends_mark_update_new AFTER UPDATE ON owned_sends REFERENCING NEW TABLE AS changed_sends
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_sends();
-- A send moved to another day leaves its old day out of date too.
CREATE TRIGGER owned_sends_mark_update_old AFTER UPDATE ON owned_sends REFERENCING OLD TABLE AS changed_sends
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_sends();
CREATE TRIGGER owned_sends_mark_delete AFTER DELETE ON owned_sends REFERENCING OLD TABLE AS changed_sends
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_sends();

CREATE TRIGGER owned_opens_mark_insert AFTER INSERT ON owned_opens REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();
CREATE TRIGGER owned_opens_mark_update AFTER UPDATE ON owned_opens REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();
CREATE TRIGGER owned_opens_mark_delete AFTER DELETE ON owned_opens REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();
CREATE TRIGGER owned_clicks_mark_insert AFTER INSERT ON owned_clicks REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();
CREATE TRIGGER owned_clicks_mark_update AFTER UPDATE ON owned_clicks REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();
CREATE TRIGGER owned_clicks_mark_delete AFTER DELETE ON owned_clicks REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();
CREATE TRIGGER owned_send_events_mark_insert AFTER INSERT ON owned_send_events REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();
CREATE TRIGGER owned_send_events_mark_update AFTER UPDATE ON owned_send_events REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();
CREATE TRIGGER owned_send_events_mark_delete AFTER DELETE ON owned_send_events REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_mark_days_of_interactions();

-- Sends stored before the table existed: every one of their days is out of date.
INSERT INTO owned_report_dirty (workspace_id, day)
SELECT DISTINCT workspace_id, sent_day FROM owned_sends WHERE sent_day IS NOT NULL;

-- An insert can only turn a send's flag on (one more row makes an EXISTS true, never false), so
-- the insert triggers set the flags it turns on without locking the send or reading its other
-- rows: the redirect and the pixel write one click or open per request, and locking the send for
-- each of them halved their throughput. A send whose flag is already on is left untouched (its
-- row is only read). Updates and deletes, which can turn a flag off, keep setting the flags again
-- from the rows under the send's lock (owned_set_*_flags).
-- The migration runner splits scripts at every semicolon, so the bodies write theirs as \073.
CREATE FUNCTION owned_set_open_flags_on_insert() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE owned_sends s SET opened = true
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows WHERE NOT machine) c
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id AND NOT s.opened\073
  UPDATE owned_sends s SET machine_opened = true
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows WHERE machine) c
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id AND NOT s.machine_opened\073
  RETURN NULL\073
END';

CREATE FUNCTION owned_set_click_flags_on_insert() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE owned_sends s SET clicked = true
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows WHERE human AND NOT machine) c
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id AND NOT s.clicked\073
  UPDATE owned_sends s SET machine_clicked = true
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows WHERE machine) c
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id AND NOT s.machine_clicked\073
  RETURN NULL\073
END';

CREATE FUNCTION owned_set_event_flags_on_insert() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE owned_sends s SET unsubscribed = true
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows WHERE kind = ''unsubscribe'') c
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id AND NOT s.unsubscribed\073
  UPDATE owned_sends s SET complained = true
  FROM (SELECT DISTINCT workspace_id, send_id FROM changed_rows WHERE kind = ''spam_complaint'') c
  WHERE s.workspace_id = c.workspace_id AND s.id = c.send_id AND NOT s.complained\073
  RETURN NULL\073
END';

DROP TRIGGER owned_opens_flags_insert ON owned_opens;
DROP TRIGGER owned_clicks_flags_insert ON owned_clicks;
DROP TRIGGER owned_send_events_flags_insert ON owned_send_events;

CREATE TRIGGER owned_opens_flags_insert AFTER INSERT ON owned_opens REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_open_flags_on_insert();
CREATE TRIGGER owned_clicks_flags_insert AFTER INSERT ON owned_clicks REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_click_flags_on_insert();
CREATE TRIGGER owned_send_events_flags_insert AFTER INSERT ON owned_send_events REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owned_set_event_flags_on_insert();

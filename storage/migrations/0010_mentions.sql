-- A reply in a group that answers one resident names them (WeChat @-mentions them).
ALTER TABLE outbox ADD COLUMN mention TEXT;

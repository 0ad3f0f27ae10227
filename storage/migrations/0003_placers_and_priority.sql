-- Orders and help requests record who placed them: rights to cancel, confirm or look
-- them up come from the sender, never from a door written in a message. Rows from before
-- have no placer; only the household's members and staff may act on them.
ALTER TABLE orders ADD COLUMN placed_platform TEXT;
ALTER TABLE orders ADD COLUMN placed_by TEXT;
ALTER TABLE help_requests ADD COLUMN placed_platform TEXT;
ALTER TABLE help_requests ADD COLUMN placed_by TEXT;

-- Urgent forwards (medical first) go before routine rows to the same chat and before
-- other chats' rows; 0 for everything routine.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;

-- Rosters (摸排) name who lives at a door; group-buying exports bring orders placed
-- outside the chat, keyed by the export's own order number so a re-import adds nothing.
ALTER TABLE households ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN external_source TEXT;
ALTER TABLE orders ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX orders_external ON orders (external_source, external_ref)
    WHERE external_ref IS NOT NULL;

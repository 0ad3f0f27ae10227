-- Staff live in the members table. Config's [roles.*] seeds them at every start
-- (role_source 'config'); an invite code adds more ('invite'); a delegation lends a
-- role until a moment and lapses by itself. Buildings: comma-separated names, '' for the
-- whole compound.
ALTER TABLE members ADD COLUMN buildings TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN role_source TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN lent_role TEXT
    CHECK (lent_role IN ('volunteer', 'building_leader', 'cadre'));
ALTER TABLE members ADD COLUMN lent_buildings TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN lent_until TEXT;
CREATE INDEX members_staff ON members (platform, role, lent_role);

-- One-time codes a cadre hands out; used once, or never after expires_at.
CREATE TABLE invites (
    code TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('volunteer', 'building_leader', 'cadre')),
    buildings TEXT NOT NULL DEFAULT '',
    created_platform TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_platform TEXT,
    used_by TEXT,
    used_at TEXT
);

-- When the volunteer marked it delivered: status answers say so.
ALTER TABLE orders ADD COLUMN delivered_at TEXT;

-- A Telegram group upgraded to a supergroup gets a new chat id. What was tied to the old id
-- (its binding, replies not yet sent, orders waiting for a binding, drafts, questions asked
-- on a guess) moves to the new one, and the move is kept so that a [[groups]] entry still
-- naming the old id binds the new one.
CREATE TABLE chat_moves (
    platform TEXT NOT NULL,
    old_chat TEXT NOT NULL,
    new_chat TEXT NOT NULL,
    moved_at TEXT NOT NULL,
    PRIMARY KEY (platform, old_chat)
);

-- An update the platform's client could not read: skipped so that the ones after it are
-- handled, and kept whole for a person to look at.
CREATE TABLE unreadable_updates (
    platform TEXT NOT NULL,
    update_id INTEGER NOT NULL,
    raw TEXT NOT NULL,
    error TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (platform, update_id)
);

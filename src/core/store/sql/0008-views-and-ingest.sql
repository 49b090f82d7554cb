-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0008: the views' counts kept as tickets change, so that counting the views after a sync
-- page costs what the page changed, not a walk over every open and recently solved ticket
-- (rapport-store-views.c, rapport_store_count_views ()); and a larger in-memory buffer for the
-- search index, so that a sync page writes its documents as one segment. Applied by rapport-store.c inside
-- one BEGIN EXCLUSIVE transaction that also sets the user_version to this file's number.
-- Never edit this file once released: add the next numbered file.

-- How many tickets of an account share what the views filter on. An open ticket counts under
-- its assignee (assigned = 0 and assignee '' when it has none: NULL cannot be in a primary
-- key, and '' stays a distinct assignee); a ticket that is not open counts under the 65 536 s
-- slot of its solved_at (solved_at >> 16, rounding down for negative times too), so that
-- "Recently solved" adds up the slots after its cutoff's and counts the tickets of that one
-- slot in tickets_solved. Rows whose count fell to 0 stay until their account goes.
CREATE TABLE view_counts (
  account_id  INTEGER NOT NULL,
  is_open     INTEGER NOT NULL,
  assigned    INTEGER NOT NULL,
  assignee    TEXT NOT NULL,
  solved_slot INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (account_id, is_open, assigned, assignee, solved_slot)
) WITHOUT ROWID;

INSERT INTO view_counts (account_id, is_open, assigned, assignee, solved_slot, n)
  SELECT account_id, is_open,
         is_open AND assignee_remote_id IS NOT NULL,
         CASE WHEN is_open THEN ifnull (assignee_remote_id, '') ELSE '' END,
         CASE WHEN is_open THEN 0 ELSE solved_at >> 16 END,
         COUNT (*)
  FROM tickets GROUP BY 1, 2, 3, 4, 5;

-- Inserted tickets are counted by the store itself (rapport-store-apply.c adds up a sync
-- page's new tickets and writes each row's sum once): a trigger on INSERT would make every
-- ticket insert keep a statement journal, a copy of each 16 KiB page it touches, which cost
-- the full pull more than the counts it kept (see docs/performance.md). Every other change of
-- a ticket's row, whoever makes it (a sync page, the outbox's local apply, completion and
-- back-out, a deletion, an account's removal through its foreign keys), moves its count here.
CREATE TRIGGER view_counts_delete AFTER DELETE ON tickets
BEGIN
  UPDATE view_counts SET n = n - 1
  WHERE account_id = OLD.account_id AND is_open = OLD.is_open
    AND assigned = (OLD.is_open AND OLD.assignee_remote_id IS NOT NULL)
    AND assignee = CASE WHEN OLD.is_open THEN ifnull (OLD.assignee_remote_id, '') ELSE '' END
    AND solved_slot = CASE WHEN OLD.is_open THEN 0 ELSE OLD.solved_at >> 16 END;
END;

-- A sync page rewrites a ticket's columns whenever one of them changed; the count moves only
-- when what it is counted under did.
CREATE TRIGGER view_counts_update AFTER UPDATE OF account_id, status, assignee_remote_id, solved_at
  ON tickets
  WHEN (OLD.account_id, OLD.is_open,
        CASE WHEN OLD.is_open THEN OLD.assignee_remote_id END,
        CASE WHEN OLD.is_open THEN 0 ELSE OLD.solved_at >> 16 END)
       IS NOT
       (NEW.account_id, NEW.is_open,
        CASE WHEN NEW.is_open THEN NEW.assignee_remote_id END,
        CASE WHEN NEW.is_open THEN 0 ELSE NEW.solved_at >> 16 END)
BEGIN
  UPDATE view_counts SET n = n - 1
  WHERE account_id = OLD.account_id AND is_open = OLD.is_open
    AND assigned = (OLD.is_open AND OLD.assignee_remote_id IS NOT NULL)
    AND assignee = CASE WHEN OLD.is_open THEN ifnull (OLD.assignee_remote_id, '') ELSE '' END
    AND solved_slot = CASE WHEN OLD.is_open THEN 0 ELSE OLD.solved_at >> 16 END;
  INSERT INTO view_counts (account_id, is_open, assigned, assignee, solved_slot, n)
  VALUES (NEW.account_id, NEW.is_open,
          NEW.is_open AND NEW.assignee_remote_id IS NOT NULL,
          CASE WHEN NEW.is_open THEN ifnull (NEW.assignee_remote_id, '') ELSE '' END,
          CASE WHEN NEW.is_open THEN 0 ELSE NEW.solved_at >> 16 END,
          1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER view_counts_account_delete AFTER DELETE ON accounts
BEGIN
  DELETE FROM view_counts WHERE account_id = OLD.id;
END;

-- FTS5 writes its buffered documents out as a new segment whenever the buffer passes its
-- size (1 MiB by default) and at every commit. A sync page of 10 000 messages holds more than
-- 1 MiB of text alone, so it was written as several small segments that the automatic merges
-- then rewrote; with 16 MiB it is one segment per page (the full pull of a million messages
-- spent about 5 % less CPU, docs/performance.md). The buffer only grows with what one
-- transaction writes.
INSERT INTO messages_fts (messages_fts, rank) VALUES ('hashsize', 16777216);

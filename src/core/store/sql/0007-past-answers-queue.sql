-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0007: the tickets the past-answers index has to look at again. Applied by rapport-store.c
-- inside one BEGIN EXCLUSIVE transaction that also sets PRAGMA user_version = 7. Never edit
-- this file once released: add 0008-….sql.
--
-- rapport_store_index_past_answers() runs after every pull. Finding the solved tickets not
-- indexed yet by scanning every solved ticket cost about half a second at 200 000 tickets,
-- with the store's lock held, after each pull however little it brought. Instead, writing a
-- solved or closed ticket (a pull inserts it, or updates it because something of it changed —
-- a new reply moves its updated_at) queues its id here, and the indexer reads only the queue:
-- its cost follows what changed, not the size of the cache.

CREATE TABLE past_answers_queue (
  ticket_id INTEGER PRIMARY KEY        -- tickets.id; gone from the queue once looked at
);

-- Every solved ticket of an existing cache is looked at once (the first run after this
-- migration indexes the ones 0006's scan has not reached yet; the others are skipped quickly).
INSERT INTO past_answers_queue (ticket_id)
  SELECT id FROM tickets WHERE status IN ('solved', 'closed');

CREATE TRIGGER past_answers_queue_ticket_insert AFTER INSERT ON tickets
  WHEN new.status IN ('solved', 'closed')
BEGIN
  INSERT OR IGNORE INTO past_answers_queue (ticket_id) VALUES (new.id);
END;

CREATE TRIGGER past_answers_queue_ticket_update AFTER UPDATE ON tickets
  WHEN new.status IN ('solved', 'closed')
BEGIN
  INSERT OR IGNORE INTO past_answers_queue (ticket_id) VALUES (new.id);
END;

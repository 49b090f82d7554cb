-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0012: the search index merges its segments 16 at a time instead of 8. Every sync page
-- writes one segment (migration 0008); FTS5 merges a level's segments once it holds this many,
-- rewriting everything they index. At 8, the first pull of 10 000 customers (13 pages)
-- rewrote its index once, about 13 % of the store's CPU; at 16 it writes it once. A pull of
-- 100 000 customers (104 pages) spent about 5 % less CPU. A search reads at most 15 segments
-- per level instead of 7. Applied by rapport-store.c inside one BEGIN EXCLUSIVE transaction
-- that also sets PRAGMA user_version to this file's number. Never edit this file once
-- released: add a new one.

INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 16);

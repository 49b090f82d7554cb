-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0010: a ticket's update and solve times that no server could have meant, kept by caches
-- written before pulls checked dates (docs/decisions/0013-bidi-and-dates.md): a time more than
-- a day after now pinned its ticket to the top of every view ("Now"). Such a time becomes 0,
-- "unset", as a pull now stores it (rapport_time_from_server ()): the ticket sorts last and
-- shows "Date unknown" until the server sends a believable time. Creation times are left
-- alone: the full-text index keys of a ticket's subject and of each message are made from them
-- (search_key_for ()), and a message without a believable time is shown as such already.
-- Applied by rapport-store.c inside one BEGIN EXCLUSIVE transaction that also sets PRAGMA
-- user_version to this file's number. Never edit this file once released: add a new one.

UPDATE tickets SET updated_at = 0
WHERE updated_at > CAST (strftime ('%s', 'now') AS INTEGER) + 86400;

-- view_counts_update (0008) moves a solved ticket between its "Recently solved" slots.
UPDATE tickets SET solved_at = 0
WHERE solved_at > CAST (strftime ('%s', 'now') AS INTEGER) + 86400;

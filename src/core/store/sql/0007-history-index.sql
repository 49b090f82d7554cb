-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0007: a customer's unified history read in pages (rapport-store-views.c,
-- rapport_store_customer_history_page ()). Applied by rapport-store.c inside one BEGIN
-- EXCLUSIVE transaction that also sets the user_version. Never edit this file once released:
-- add the next numbered file.

-- The newest entries of a customer come from each of their tickets' messages by time: with
-- the time in the index (and the row id, which every index carries), the page is chosen from
-- the index alone, and only its own rows are read. Without it every message row of the
-- customer, bodies included, was read to sort them (25 ms instead of 0.5 ms for a customer
-- of 5 000 messages). A ticket's messages oldest first use it too.
CREATE INDEX IF NOT EXISTS messages_ticket_time ON messages (ticket_id, created_at);

-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0005: the ledger's running totals, so that a customer's money summary does not read every
-- action of a long ledger (rapport-store-actions.c, rapport_store_money_summary ()). Applied
-- by rapport-store.c inside one BEGIN EXCLUSIVE transaction that also sets the user_version
-- to this file's number. Never edit this file once released: add the next numbered file.

-- What the summary needs of an action (rapport-money-summary.c): its currency, kind and
-- state, whether it is queued and not synced yet, whether its amount moves anything, whether
-- it awaits a decision (rapport_money_action_awaits_decision ()), whether its last decision
-- failed verification, and its amount in two halves (each sum of halves fits in 64 bits for
-- any number of actions a cache holds, so the exact total can be rebuilt, or found too big,
-- in C; SQLite's sum () stops with an error on an integer overflow).
CREATE VIEW action_totals_keys AS
  SELECT id, customer_id, currency, kind, state,
         offline_state = 'locally-created' AS pending_sync,
         amount_minor > 0 AS positive,
         state = 'pending_approval' AND COALESCE (approval_remote_id, '') <> '' AS awaiting,
         decision <> 'none' AND decision_check IS NOT 'valid' AS invalid,
         CASE WHEN amount_minor > 0 THEN amount_minor >> 32 ELSE 0 END AS amount_high,
         CASE WHEN amount_minor > 0 THEN amount_minor & 4294967295 ELSE 0 END AS amount_low
  FROM actions WHERE customer_id IS NOT NULL;

-- One row per customer and kind of action as the summary tells them apart: how many, and the
-- sums of their amounts' halves (0 for amounts that move nothing). Every copy of an action is
-- counted (one per account that holds it): the summary reads this table only while no two
-- accounts are of the same workspace, and the actions themselves otherwise.
CREATE TABLE action_totals (
  customer_id  INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  kind         TEXT NOT NULL,
  state        TEXT NOT NULL,
  pending_sync INTEGER NOT NULL,
  positive     INTEGER NOT NULL,
  awaiting     INTEGER NOT NULL,
  invalid      INTEGER NOT NULL,
  n            INTEGER NOT NULL,
  amount_high  INTEGER NOT NULL,
  amount_low   INTEGER NOT NULL,
  PRIMARY KEY (customer_id, currency, kind, state, pending_sync, positive, awaiting, invalid)
) WITHOUT ROWID;

INSERT INTO action_totals
  SELECT customer_id, currency, kind, state, pending_sync, positive, awaiting, invalid,
         COUNT (*), SUM (amount_high), SUM (amount_low)
  FROM action_totals_keys WHERE true
  GROUP BY customer_id, currency, kind, state, pending_sync, positive, awaiting, invalid;

-- Kept by the actions' triggers: a row's old values leave the totals before it changes or
-- goes (foreign-key actions, such as a customer's removal setting customer_id to NULL, fire
-- them too), its new values join them after.
CREATE TRIGGER action_totals_insert AFTER INSERT ON actions
  WHEN NEW.customer_id IS NOT NULL
BEGIN
  INSERT INTO action_totals
    SELECT customer_id, currency, kind, state, pending_sync, positive, awaiting, invalid, 1,
           amount_high, amount_low
    FROM action_totals_keys WHERE id = NEW.id
  ON CONFLICT (customer_id, currency, kind, state, pending_sync, positive, awaiting, invalid)
  DO UPDATE SET n = n + 1, amount_high = amount_high + excluded.amount_high,
                amount_low = amount_low + excluded.amount_low;
END;

CREATE TRIGGER action_totals_delete BEFORE DELETE ON actions
  WHEN OLD.customer_id IS NOT NULL
BEGIN
  UPDATE action_totals SET n = n - 1, amount_high = action_totals.amount_high - k.amount_high,
                           amount_low = action_totals.amount_low - k.amount_low
    FROM (SELECT * FROM action_totals_keys WHERE id = OLD.id) AS k
    WHERE action_totals.customer_id = k.customer_id AND action_totals.currency = k.currency
      AND action_totals.kind = k.kind AND action_totals.state = k.state
      AND action_totals.pending_sync = k.pending_sync AND action_totals.positive = k.positive
      AND action_totals.awaiting = k.awaiting AND action_totals.invalid = k.invalid;
  DELETE FROM action_totals WHERE customer_id = OLD.customer_id AND n = 0;
END;

CREATE TRIGGER action_totals_update_old BEFORE UPDATE OF customer_id, currency, kind, state,
  offline_state, amount_minor, approval_remote_id, decision, decision_check ON actions
  WHEN OLD.customer_id IS NOT NULL
BEGIN
  UPDATE action_totals SET n = n - 1, amount_high = action_totals.amount_high - k.amount_high,
                           amount_low = action_totals.amount_low - k.amount_low
    FROM (SELECT * FROM action_totals_keys WHERE id = OLD.id) AS k
    WHERE action_totals.customer_id = k.customer_id AND action_totals.currency = k.currency
      AND action_totals.kind = k.kind AND action_totals.state = k.state
      AND action_totals.pending_sync = k.pending_sync AND action_totals.positive = k.positive
      AND action_totals.awaiting = k.awaiting AND action_totals.invalid = k.invalid;
  DELETE FROM action_totals WHERE customer_id = OLD.customer_id AND n = 0;
END;

CREATE TRIGGER action_totals_update_new AFTER UPDATE OF customer_id, currency, kind, state,
  offline_state, amount_minor, approval_remote_id, decision, decision_check ON actions
  WHEN NEW.customer_id IS NOT NULL
BEGIN
  INSERT INTO action_totals
    SELECT customer_id, currency, kind, state, pending_sync, positive, awaiting, invalid, 1,
           amount_high, amount_low
    FROM action_totals_keys WHERE id = NEW.id
  ON CONFLICT (customer_id, currency, kind, state, pending_sync, positive, awaiting, invalid)
  DO UPDATE SET n = n + 1, amount_high = amount_high + excluded.amount_high,
                amount_low = amount_low + excluded.amount_low;
END;

-- The actions of a customer that moved money, by time: the summary's window, read from the
-- index alone (SQLite still tests the conditions, hence their columns). Partial, with the
-- summary's conditions, so that no other read of a customer's actions can take it for
-- actions_customer (it holds only some rows, and not in id order): with statistics from a
-- nearly empty ledger, the whole list did, and sorted.
CREATE INDEX actions_customer_window ON actions (customer_id, created_at, kind, currency,
                                                 amount_minor, state, offline_state)
  WHERE state IN ('executed', 'approved') AND offline_state = 'synced' AND amount_minor > 0
    AND currency <> '';
-- The actions of a ticket that await a decision or the server (the ticket session reads them
-- with the customer's recent ones, however old).
CREATE INDEX actions_ticket_awaiting ON actions (ticket_id)
  WHERE offline_state = 'locally-created' OR (state = 'pending_approval' AND decision = 'none');

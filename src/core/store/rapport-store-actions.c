/* rapport-store-actions.c
 *
 * The money ledger of the cache (the `actions` table, migration 0003): the helpdesk's refunds
 * and credits as pulls bring them, the rows the outbox queues, the verification of approvals
 * before an action counts as approved, and the reads of the customer panel, the policy's
 * histories and the Approvals view. Everything through the store toolkit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-actions.h"
#include "rapport-approval.h"
#include "rapport-store-private.h"

#define ACTION_COLUMNS \
  "a.id, a.account_id, a.remote_id, a.customer_id, a.ticket_id, a.ticket_remote_id, " \
  "a.customer_key, a.kind, a.amount_minor, a.currency, a.reason, a.order_reference, " \
  "a.requester_remote_id, a.requester_name, a.created_at, a.state, a.server_state, " \
  "a.verdict, a.verdict_reason, a.offline_state, a.outbox_id, a.approval_remote_id, a.etag, " \
  "a.decision, a.decided_by, a.decided_by_name, a.decided_at, a.decision_note, " \
  "a.decision_check, EXISTS (SELECT 1 FROM outbox o WHERE o.id = a.decision_outbox_id " \
  "AND o.state IN ('held', 'ready', 'in_flight', 'unknown'))"

/* 0 … 29 above; the list reads add these two. */
#define COL_CUSTOMER_NAME  30
#define COL_TICKET_SUBJECT 31

static const char *sql_get =
  "SELECT " ACTION_COLUMNS " FROM actions a WHERE a.id = ?1";
static const char *sql_by_remote =
  "SELECT id FROM actions WHERE account_id = ?1 AND remote_id = ?2";
static const char *sql_ticket_of =
  "SELECT id, customer_id FROM tickets WHERE account_id = ?1 AND remote_id = ?2";
static const char *sql_customer_by_email =
  "SELECT customer_id FROM identities WHERE channel = 'email' AND normalized = ?1";
static const char *sql_insert =
  "INSERT INTO actions (account_id, remote_id, customer_id, ticket_id, ticket_remote_id, "
  "customer_key, kind, amount_minor, currency, reason, order_reference, requester_remote_id, "
  "requester_name, created_at, state, server_state, verdict, verdict_reason, offline_state, "
  "outbox_id, approval_remote_id, etag, updated_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17, "
  "?18, ?19, ?20, ?21, ?22)";
/* The server's record over a row (pulled again, or the local row of its op). The approval
 * stays when the record names none (a pull of the action alone); its etag follows the
 * record's when the record names the same approval (or a new one). */
#define NEW_ETAG \
  "(CASE WHEN ?18 IS NULL THEN etag WHEN ?18 IS approval_remote_id THEN COALESCE (?19, etag) " \
  "ELSE ?19 END)"
static const char *sql_update_server =
  "UPDATE actions SET remote_id = ?2, customer_id = COALESCE (?3, customer_id), "
  "ticket_id = COALESCE (?4, ticket_id), ticket_remote_id = ?5, customer_key = ?6, kind = ?7, "
  "amount_minor = ?8, currency = ?9, reason = ?10, order_reference = ?11, "
  "requester_remote_id = ?12, requester_name = COALESCE (?13, requester_name), "
  "created_at = ?14, server_state = ?15, verdict = ?16, verdict_reason = ?17, "
  "offline_state = 'synced', outbox_id = NULL, "
  "etag = " NEW_ETAG ", "
  "approval_remote_id = COALESCE (?18, approval_remote_id), updated_at = ?20 "
  /* A record pulled again as it is changes nothing (no "changed" for it). */
  "WHERE id = ?1 AND NOT (remote_id IS ?2 AND customer_id IS COALESCE (?3, customer_id) "
  "AND ticket_id IS COALESCE (?4, ticket_id) AND ticket_remote_id IS ?5 "
  "AND customer_key IS ?6 AND kind IS ?7 AND amount_minor IS ?8 AND currency IS ?9 "
  "AND reason IS ?10 AND order_reference IS ?11 AND requester_remote_id IS ?12 "
  "AND requester_name IS COALESCE (?13, requester_name) AND created_at IS ?14 "
  "AND server_state IS ?15 AND verdict IS ?16 AND verdict_reason IS ?17 "
  "AND offline_state = 'synced' AND outbox_id IS NULL AND etag IS " NEW_ETAG " "
  "AND approval_remote_id IS COALESCE (?18, approval_remote_id))";
static const char *sql_update_decision =
  "UPDATE actions SET approval_remote_id = ?2, etag = COALESCE (?3, etag), decision = ?4, "
  "decided_by = ?5, decided_by_name = ?6, decided_at = ?7, decision_note = ?8, "
  "decision_check = ?9, valid = ?10, updated_at = ?11 WHERE id = ?1 "
  "AND NOT (approval_remote_id IS ?2 AND etag IS COALESCE (?3, etag) AND decision IS ?4 "
  "AND decided_by IS ?5 AND decided_by_name IS ?6 AND decided_at IS ?7 "
  "AND decision_note IS ?8 AND decision_check IS ?9 AND valid IS ?10)";
static const char *sql_set_state =
  "UPDATE actions SET state = ?2 WHERE id = ?1 AND state IS NOT ?2";
static const char *sql_link_unlinked =
  "UPDATE actions SET "
  "ticket_id = (SELECT t.id FROM tickets t WHERE t.account_id = actions.account_id "
  "AND t.remote_id = actions.ticket_remote_id), "
  "customer_id = COALESCE ((SELECT t.customer_id FROM tickets t WHERE "
  "t.account_id = actions.account_id AND t.remote_id = actions.ticket_remote_id), customer_id) "
  "WHERE account_id = ?1 AND ticket_id IS NULL AND EXISTS (SELECT 1 FROM tickets t WHERE "
  "t.account_id = actions.account_id AND t.remote_id = actions.ticket_remote_id)";
/* A customer's actions. Two accounts of one workspace (the same helpdesk as an agent and as a
 * supervisor) each hold a copy of the workspace's actions: each server action counts once,
 * the copy that knows of the latest decision, else the one of the account added first. The
 * other copies are looked up account by account (CROSS JOIN keeps that order) by (account,
 * remote id), never by scanning an index or the customer's own rows (the "+"): those plans
 * are quadratic in a long ledger. */
#define COUNTED_COPY \
  "(a.remote_id IS NULL OR NOT EXISTS (" \
  "SELECT 1 FROM accounts ab CROSS JOIN actions b " \
  "ON b.account_id = ab.id AND b.remote_id = a.remote_id " \
  "WHERE ab.id <> aa.id AND ab.provider_kind = aa.provider_kind AND ab.base_url IS aa.base_url " \
  "AND +b.customer_id = a.customer_id " \
  "AND (COALESCE (b.decided_at, 0) > COALESCE (a.decided_at, 0) OR " \
  "(COALESCE (b.decided_at, 0) = COALESCE (a.decided_at, 0) AND b.account_id < a.account_id)))) "
#define CUSTOMER_ACTION_ROWS \
  "FROM actions a JOIN accounts aa ON aa.id = a.account_id " \
  "WHERE a.customer_id = ?1 AND " COUNTED_COPY
static const char *sql_customer_actions =
  "SELECT " ACTION_COLUMNS " " CUSTOMER_ACTION_ROWS "ORDER BY a.created_at DESC, a.id DESC";
/* The same rows created after an instant, and those of one ticket that await a decision or
 * the server: their ids come first (CROSS JOIN keeps that order), from the index of the
 * customer's actions by time and from migration 0005's of the ticket's awaiting ones (the "+"
 * keeps SQLite from the customer's), never from a scan of the customer's whole ledger. */
static const char *sql_recent_customer_actions =
  "SELECT " ACTION_COLUMNS " FROM (SELECT r.id FROM actions r WHERE r.customer_id = ?1 "
  "AND r.created_at > ?2 UNION SELECT t.id FROM actions t WHERE t.ticket_id = ?3 "
  "AND (t.offline_state = 'locally-created' OR (t.state = 'pending_approval' "
  "AND t.decision = 'none')) AND +t.customer_id = ?1) AS recent "
  "CROSS JOIN actions a ON a.id = recent.id JOIN accounts aa ON aa.id = a.account_id "
  "WHERE " COUNTED_COPY "ORDER BY a.created_at DESC, a.id DESC";
/* The money summary's columns of the same rows: no object per action, no ORDER BY. */
static const char *sql_customer_summary =
  "SELECT a.kind, a.amount_minor, a.currency, a.state, a.created_at, a.offline_state, "
  "a.approval_remote_id, a.decision, a.decision_check " CUSTOMER_ACTION_ROWS;
/* Whether two accounts are of one workspace, so that some actions have copies. */
static const char *sql_workspace_copies =
  "SELECT EXISTS (SELECT 1 FROM accounts x JOIN accounts y ON y.id <> x.id "
  "AND y.provider_kind = x.provider_kind AND y.base_url IS x.base_url)";
/* The summary from the totals kept by migration 0005's triggers (every copy counted) and
 * the moved actions of the window, read from the index. */
static const char *sql_customer_totals =
  "SELECT currency, kind, state, pending_sync, awaiting, invalid, n, amount_high, amount_low "
  "FROM action_totals WHERE customer_id = ?1";
/* The conditions are those of the partial index actions_customer_window, word for word. */
static const char *sql_customer_window =
  "SELECT kind, currency, amount_minor FROM actions WHERE customer_id = ?1 AND created_at > ?2 "
  "AND state IN ('executed', 'approved') AND offline_state = 'synced' AND amount_minor > 0 "
  "AND currency <> ''";
static const char *sql_agent_actions =
  "SELECT " ACTION_COLUMNS " FROM actions a WHERE a.account_id = ?1 "
  "AND a.requester_remote_id = ?2 AND a.created_at >= ?3 "
  "ORDER BY a.created_at DESC, a.id DESC";
static const char *sql_pending_approvals =
  "SELECT " ACTION_COLUMNS ", c.display_name, t.subject FROM actions a "
  "LEFT JOIN customers c ON c.id = a.customer_id LEFT JOIN tickets t ON t.id = a.ticket_id "
  "WHERE a.account_id = ?1 AND a.state = 'pending_approval' "
  "AND a.approval_remote_id IS NOT NULL ORDER BY a.created_at, a.id";
static const char *sql_count_pending_approvals =
  "SELECT COUNT (*) FROM actions WHERE account_id = ?1 AND state = 'pending_approval' "
  "AND approval_remote_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbox o "
  "WHERE o.id = actions.decision_outbox_id "
  "AND o.state IN ('held', 'ready', 'in_flight', 'unknown'))";

/* ---------------------------------------------------------------------------------------------
 * Rows
 * ------------------------------------------------------------------------------------------- */

/* The enumeration stored as its nick; an unknown nick is logged and read as @fallback. */
#define READ_ENUM(from_string, stmt, column, out, fallback, what)                   \
  G_STMT_START {                                                                  \
    const char *text_ = _rapport_store_column_text ((stmt), (column));            \
    if (!from_string (text_, (out)))                                              \
      {                                                                           \
        g_warning ("A ledger row has an unknown %s “%s”", (what),                 \
                   text_ != NULL ? text_ : "(null)");                             \
        *(out) = (fallback);                                                      \
      }                                                                           \
  } G_STMT_END

static RapportMoneyAction *
action_from_row (sqlite3_stmt *stmt,
                 gboolean      with_context)
{
  RapportMoneyAction *action = rapport_money_action_new ();
  RapportMoneyKind kind;
  RapportActionState state, server_state;
  RapportVerdict verdict;
  RapportVerdictReason reason;
  RapportDecision decision;
  RapportApprovalCheck check;
  RapportMoney amount = { 0 };

  READ_ENUM (rapport_money_kind_from_string, stmt, 7, &kind, RAPPORT_MONEY_KIND_REFUND, "kind");
  READ_ENUM (rapport_action_state_from_string, stmt, 15, &state,
             RAPPORT_ACTION_STATE_PENDING_APPROVAL, "state");
  READ_ENUM (rapport_action_state_from_string, stmt, 16, &server_state,
             RAPPORT_ACTION_STATE_PENDING_APPROVAL, "server state");
  READ_ENUM (rapport_verdict_from_string, stmt, 17, &verdict, RAPPORT_VERDICT_NEEDS_APPROVAL,
             "verdict");
  READ_ENUM (rapport_verdict_reason_from_string, stmt, 18, &reason,
             RAPPORT_VERDICT_REASON_NONE, "verdict reason");
  READ_ENUM (rapport_decision_from_string, stmt, 23, &decision, RAPPORT_DECISION_NONE,
             "decision");
  READ_ENUM (rapport_approval_check_from_string, stmt, 28, &check,
             RAPPORT_APPROVAL_CHECK_UNDECIDED, "decision check");

  amount.minor = sqlite3_column_int64 (stmt, 8);
  g_strlcpy (amount.currency, _rapport_store_column_text (stmt, 9), sizeof amount.currency);

  rapport_money_action_set_id (action, sqlite3_column_int64 (stmt, 0));
  rapport_money_action_set_account_id (action, sqlite3_column_int64 (stmt, 1));
  rapport_money_action_set_remote_id (action, _rapport_store_column_text (stmt, 2));
  rapport_money_action_set_customer_id (action, sqlite3_column_int64 (stmt, 3));
  rapport_money_action_set_ticket_id (action, sqlite3_column_int64 (stmt, 4));
  rapport_money_action_set_ticket_remote_id (action, _rapport_store_column_text (stmt, 5));
  rapport_money_action_set_customer_key (action, _rapport_store_column_text (stmt, 6));
  rapport_money_action_set_kind (action, kind);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action, _rapport_store_column_text (stmt, 10));
  rapport_money_action_set_order_reference (action, _rapport_store_column_text (stmt, 11));
  rapport_money_action_set_requester (action, _rapport_store_column_text (stmt, 12),
                                      _rapport_store_column_text (stmt, 13));
  rapport_money_action_set_created_at (action, sqlite3_column_int64 (stmt, 14));
  rapport_money_action_set_server_state (action, server_state);
  rapport_money_action_set_state (action, state);
  rapport_money_action_set_verdict (action, verdict, reason);
  rapport_money_action_set_pending_sync (action,
                                         g_strcmp0 (_rapport_store_column_text (stmt, 19),
                                                    "locally-created") == 0,
                                         sqlite3_column_int64 (stmt, 20));
  rapport_money_action_set_approval (action, _rapport_store_column_text (stmt, 21),
                                     _rapport_store_column_text (stmt, 22));
  rapport_money_action_set_decision (action, decision, _rapport_store_column_text (stmt, 24),
                                     _rapport_store_column_text (stmt, 25),
                                     sqlite3_column_int64 (stmt, 26),
                                     _rapport_store_column_text (stmt, 27));
  rapport_money_action_set_decision_check (action, check);
  rapport_money_action_set_decision_pending (action, sqlite3_column_int (stmt, 29) != 0);
  if (with_context)
    rapport_money_action_set_context (action,
                                      _rapport_store_column_text (stmt, COL_CUSTOMER_NAME),
                                      _rapport_store_column_text (stmt, COL_TICKET_SUBJECT));

  return action;
}

RapportMoneyAction *
_rapport_store_load_money_action (RapportStore  *self,
                                  gint64         action_id,
                                  GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_get, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, action_id);
  rc = _rapport_store_step (stmt, "Reading a money action", error);
  if (rc == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                   "There is no money action %" G_GINT64_FORMAT, action_id);
      return NULL;
    }

  return action_from_row (stmt, FALSE);
}

/* Every row @stmt (bound) returns. */
static GPtrArray *
read_actions (sqlite3_stmt  *stmt,
              gboolean       with_context,
              GError       **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = _rapport_store_step (stmt, "Reading money actions", error)) == SQLITE_ROW)
    g_ptr_array_add (actions, action_from_row (stmt, with_context));

  return rc == SQLITE_DONE ? g_steal_pointer (&actions) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * What Rapport holds as true
 * ------------------------------------------------------------------------------------------- */

RapportActionState
_rapport_store_settle_action_state (RapportActionState server_state,
                                    gboolean           needs_decision,
                                    RapportDecision    decision,
                                    gboolean           valid)
{
  /* The helpdesk stopped it: nothing moves, whatever was decided. */
  if (server_state == RAPPORT_ACTION_STATE_REJECTED ||
      server_state == RAPPORT_ACTION_STATE_CANCELLED)
    return server_state;

  if (valid && decision == RAPPORT_DECISION_APPROVE)
    return RAPPORT_ACTION_STATE_APPROVED;
  if (valid && decision == RAPPORT_DECISION_REJECT)
    return RAPPORT_ACTION_STATE_REJECTED;

  /* Money over the limits moves only with a verified approval, whatever the server says. */
  if (needs_decision)
    return RAPPORT_ACTION_STATE_PENDING_APPROVAL;

  return server_state;
}

/* Sets the state of row @action_id from its server state and its verified decision. */
static gboolean
settle_row (RapportStore  *self,
            gint64         action_id,
            GError       **error)
{
  g_autoptr(RapportMoneyAction) action = _rapport_store_load_money_action (self, action_id, error);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  RapportActionState state;
  gboolean needs_decision;

  if (action == NULL)
    return FALSE;

  needs_decision = rapport_money_action_get_verdict (action) == RAPPORT_VERDICT_NEEDS_APPROVAL ||
                   rapport_money_action_get_approval_remote_id (action) != NULL;
  /* A row not on the server yet keeps the client's provisional state. */
  if (rapport_money_action_get_pending_sync (action))
    return TRUE;

  state = _rapport_store_settle_action_state (rapport_money_action_get_server_state (action),
                                              needs_decision,
                                              rapport_money_action_get_decision (action),
                                              rapport_money_action_get_decision_valid (action));

  stmt = _rapport_store_prepare (self, sql_set_state, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, action_id);
  _rapport_store_bind_text (stmt, 2, rapport_action_state_to_string (state));

  return _rapport_store_step_done (stmt, "Settling a money action", error);
}

/* ---------------------------------------------------------------------------------------------
 * Writes (locked, in the caller's transaction)
 * ------------------------------------------------------------------------------------------- */

/* The row id of (@account_id, @remote_id), 0 when none, -1 on error. */
static gint64
row_of_remote (RapportStore  *self,
               gint64         account_id,
               const char    *remote_id,
               GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_by_remote, error);
  int rc;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, account_id);
  _rapport_store_bind_text (stmt, 2, remote_id);
  rc = _rapport_store_step (stmt, "Looking up a money action", error);
  if (rc == 0)
    return -1;

  return rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

gboolean
_rapport_store_resolve_money_links (RapportStore  *self,
                                    gint64         account_id,
                                    const char    *ticket_remote_id,
                                    const char    *customer_key,
                                    gint64        *ticket_id,
                                    gint64        *customer_id,
                                    GError       **error)
{
  int rc;

  *ticket_id = *customer_id = 0;

  if (ticket_remote_id != NULL)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_ticket_of, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, account_id);
      _rapport_store_bind_text (stmt, 2, ticket_remote_id);
      rc = _rapport_store_step (stmt, "Reading the ticket of a money action", error);
      if (rc == 0)
        return FALSE;
      if (rc == SQLITE_ROW)
        {
          *ticket_id = sqlite3_column_int64 (stmt, 0);
          *customer_id = sqlite3_column_int64 (stmt, 1);
        }
    }

  if (*customer_id == 0 && customer_key != NULL && customer_key[0] != '\0')
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_customer_by_email,
                                                                 error);

      if (stmt == NULL)
        return FALSE;
      _rapport_store_bind_text (stmt, 1, customer_key);
      rc = _rapport_store_step (stmt, "Reading the customer of a money action", error);
      if (rc == 0)
        return FALSE;
      if (rc == SQLITE_ROW)
        *customer_id = sqlite3_column_int64 (stmt, 0);
    }

  return TRUE;
}

static gboolean
check_record (RapportMoneyAction  *action,
              gboolean             need_remote_id,
              GError             **error)
{
  const RapportMoney *amount = rapport_money_action_get_amount (action);

  if ((need_remote_id && rapport_money_action_get_remote_id (action) == NULL) ||
      rapport_money_action_get_ticket_remote_id (action) == NULL ||
      rapport_money_kind_to_string (rapport_money_action_get_kind (action)) == NULL ||
      !rapport_currency_is_known (amount->currency))
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "A money action needs a remote id, a ticket, a kind and a known currency");
      return FALSE;
    }

  return TRUE;
}

gint64
_rapport_store_insert_money_action (RapportStore        *self,
                                    gint64               account_id,
                                    RapportMoneyAction  *action,
                                    gint64               outbox_id,
                                    GError             **error)
{
  const RapportMoney *amount = rapport_money_action_get_amount (action);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 ticket_id, customer_id, id;

  if (!check_record (action, outbox_id == 0, error) ||
      !_rapport_store_resolve_money_links (self, account_id,
                                           rapport_money_action_get_ticket_remote_id (action),
                                           rapport_money_action_get_customer_key (action),
                                           &ticket_id, &customer_id, error))
    return 0;

  stmt = _rapport_store_prepare (self, sql_insert, error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, account_id);
  _rapport_store_bind_text (stmt, 2, outbox_id > 0 ? NULL
                                                   : rapport_money_action_get_remote_id (action));
  _rapport_store_bind_id_or_null (stmt, 3, customer_id);
  _rapport_store_bind_id_or_null (stmt, 4, ticket_id);
  _rapport_store_bind_text (stmt, 5, rapport_money_action_get_ticket_remote_id (action));
  _rapport_store_bind_text (stmt, 6, rapport_money_action_get_customer_key (action) != NULL
                                     ? rapport_money_action_get_customer_key (action) : "");
  _rapport_store_bind_text (stmt, 7,
                            rapport_money_kind_to_string (rapport_money_action_get_kind (action)));
  sqlite3_bind_int64 (stmt, 8, amount->minor);
  _rapport_store_bind_text (stmt, 9, amount->currency);
  _rapport_store_bind_text (stmt, 10, rapport_money_action_get_reason (action) != NULL
                                      ? rapport_money_action_get_reason (action) : "");
  _rapport_store_bind_text_or_null (stmt, 11, rapport_money_action_get_order_reference (action));
  _rapport_store_bind_text (stmt, 12, rapport_money_action_get_requester_remote_id (action));
  _rapport_store_bind_text (stmt, 13, rapport_money_action_get_requester_name (action));
  sqlite3_bind_int64 (stmt, 14, rapport_money_action_get_created_at (action));
  _rapport_store_bind_text (stmt, 15, rapport_action_state_to_string (
                                        rapport_money_action_get_server_state (action)));
  _rapport_store_bind_text (stmt, 16, rapport_verdict_to_string (
                                        rapport_money_action_get_verdict (action)));
  _rapport_store_bind_text (stmt, 17, rapport_verdict_reason_to_string (
                                        rapport_money_action_get_verdict_reason (action)));
  _rapport_store_bind_text (stmt, 18, outbox_id > 0 ? "locally-created" : "synced");
  _rapport_store_bind_id_or_null (stmt, 19, outbox_id);
  _rapport_store_bind_text_or_null (stmt, 20, rapport_money_action_get_approval_remote_id (action));
  _rapport_store_bind_text_or_null (stmt, 21, rapport_money_action_get_approval_etag (action));
  sqlite3_bind_int64 (stmt, 22, _rapport_store_now ());
  if (_rapport_store_step (stmt, "Adding a money action", error) == 0)
    return 0;

  id = _rapport_store_inserted_id (self);
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  if (outbox_id == 0 && !settle_row (self, id, error))
    return 0;

  return id;
}

gint64
_rapport_store_upsert_money_action (RapportStore        *self,
                                    gint64               account_id,
                                    RapportMoneyAction  *action,
                                    gint64               replace_id,
                                    GError             **error)
{
  const RapportMoney *amount = rapport_money_action_get_amount (action);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 ticket_id, customer_id, row_id;

  if (!check_record (action, TRUE, error))
    return 0;

  row_id = row_of_remote (self, account_id, rapport_money_action_get_remote_id (action), error);
  if (row_id < 0)
    return 0;

  /* The server's copy is already here (a pull was faster than the op's completion): the
   * local row goes, the pulled one is updated. */
  if (row_id > 0 && replace_id > 0 && replace_id != row_id)
    {
      g_autoptr(RapportStoreStmt) del = _rapport_store_prepare (self, "DELETE FROM actions "
                                                                      "WHERE id = ?1", error);

      if (del == NULL)
        return 0;
      sqlite3_bind_int64 (del, 1, replace_id);
      if (!_rapport_store_step_done (del, "Removing a local money action", error))
        return 0;
    }
  else if (row_id == 0 && replace_id > 0)
    {
      row_id = replace_id;
    }

  if (row_id == 0)
    return _rapport_store_insert_money_action (self, account_id, action, 0, error);

  if (!_rapport_store_resolve_money_links (self, account_id,
                                           rapport_money_action_get_ticket_remote_id (action),
                                           rapport_money_action_get_customer_key (action),
                                           &ticket_id, &customer_id, error))
    return 0;

  stmt = _rapport_store_prepare (self, sql_update_server, error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, row_id);
  _rapport_store_bind_text (stmt, 2, rapport_money_action_get_remote_id (action));
  _rapport_store_bind_id_or_null (stmt, 3, customer_id);
  _rapport_store_bind_id_or_null (stmt, 4, ticket_id);
  _rapport_store_bind_text (stmt, 5, rapport_money_action_get_ticket_remote_id (action));
  _rapport_store_bind_text (stmt, 6, rapport_money_action_get_customer_key (action) != NULL
                                     ? rapport_money_action_get_customer_key (action) : "");
  _rapport_store_bind_text (stmt, 7,
                            rapport_money_kind_to_string (rapport_money_action_get_kind (action)));
  sqlite3_bind_int64 (stmt, 8, amount->minor);
  _rapport_store_bind_text (stmt, 9, amount->currency);
  _rapport_store_bind_text (stmt, 10, rapport_money_action_get_reason (action) != NULL
                                      ? rapport_money_action_get_reason (action) : "");
  _rapport_store_bind_text_or_null (stmt, 11, rapport_money_action_get_order_reference (action));
  _rapport_store_bind_text (stmt, 12, rapport_money_action_get_requester_remote_id (action));
  _rapport_store_bind_text (stmt, 13, rapport_money_action_get_requester_name (action));
  sqlite3_bind_int64 (stmt, 14, rapport_money_action_get_created_at (action));
  _rapport_store_bind_text (stmt, 15, rapport_action_state_to_string (
                                        rapport_money_action_get_server_state (action)));
  _rapport_store_bind_text (stmt, 16, rapport_verdict_to_string (
                                        rapport_money_action_get_verdict (action)));
  _rapport_store_bind_text (stmt, 17, rapport_verdict_reason_to_string (
                                        rapport_money_action_get_verdict_reason (action)));
  _rapport_store_bind_text_or_null (stmt, 18, rapport_money_action_get_approval_remote_id (action));
  _rapport_store_bind_text_or_null (stmt, 19, rapport_money_action_get_approval_etag (action));
  sqlite3_bind_int64 (stmt, 20, _rapport_store_now ());
  if (!_rapport_store_step_done (stmt, "Updating a money action", error))
    return 0;
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  return settle_row (self, row_id, error) ? row_id : 0;
}

gint64
_rapport_store_apply_approval (RapportStore     *self,
                               gint64            account_id,
                               RapportApproval  *approval,
                               GError          **error)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  RapportApprovalCheck check;
  gint64 row_id;

  if (rapport_approval_get_remote_id (approval) == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "An approval needs a remote id");
      return -1;
    }

  row_id = row_of_remote (self, account_id, rapport_approval_get_action_remote_id (approval),
                          error);
  if (row_id <= 0)
    {
      if (row_id == 0)
        g_message ("Skipping approval %s of money action %s, which account %" G_GINT64_FORMAT
                   " does not hold", rapport_approval_get_remote_id (approval),
                   rapport_approval_get_action_remote_id (approval), account_id);
      return row_id;
    }

  action = _rapport_store_load_money_action (self, row_id, error);
  if (action == NULL)
    return -1;

  /* On the helpdesk's data: the server's record of the request and of the decision. */
  check = rapport_approval_verify (approval, action);
  if (check != RAPPORT_APPROVAL_CHECK_VALID && check != RAPPORT_APPROVAL_CHECK_UNDECIDED)
    g_message ("The decision on approval %s of money action %s does not count: %s",
               rapport_approval_get_remote_id (approval),
               rapport_approval_get_action_remote_id (approval),
               rapport_approval_check_to_string (check));

  stmt = _rapport_store_prepare (self, sql_update_decision, error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, row_id);
  _rapport_store_bind_text (stmt, 2, rapport_approval_get_remote_id (approval));
  _rapport_store_bind_text_or_null (stmt, 3, rapport_approval_get_etag (approval));
  _rapport_store_bind_text (stmt, 4, rapport_decision_to_string (
                                       rapport_approval_get_decision (approval)));
  _rapport_store_bind_text (stmt, 5, rapport_approval_get_decided_by (approval));
  _rapport_store_bind_text (stmt, 6, rapport_approval_get_decided_by_name (approval));
  sqlite3_bind_int64 (stmt, 7, rapport_approval_get_decided_at (approval));
  _rapport_store_bind_text (stmt, 8, rapport_approval_get_note (approval));
  _rapport_store_bind_text (stmt, 9, rapport_approval_check_to_string (check));
  sqlite3_bind_int (stmt, 10, check == RAPPORT_APPROVAL_CHECK_VALID);
  sqlite3_bind_int64 (stmt, 11, _rapport_store_now ());
  if (!_rapport_store_step_done (stmt, "Recording a decision", error))
    return -1;
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  return settle_row (self, row_id, error) ? row_id : -1;
}

gboolean
_rapport_store_apply_money_page (RapportStore     *self,
                                 gint64            account_id,
                                 RapportSyncPage  *page,
                                 GHashTable       *skip,
                                 const char      **culprit,
                                 GError          **error)
{
  for (guint i = 0; page->money_actions != NULL && i < page->money_actions->len; i++)
    {
      const char *remote_id = rapport_money_action_get_remote_id (page->money_actions->pdata[i]);
      g_autofree char *key = _rapport_store_set_aside_skip_key (RAPPORT_RECORD_MONEY, remote_id);

      if (g_hash_table_contains (skip, key))
        continue;
      if (_rapport_store_upsert_money_action (self, account_id, page->money_actions->pdata[i], 0,
                                              error) == 0)
        {
          *culprit = remote_id;
          return FALSE;
        }
    }

  /* The approval of a refused action waits with it: it is never verified against the row
   * the store held before. */
  for (guint i = 0; page->approvals != NULL && i < page->approvals->len; i++)
    {
      const char *action_id = rapport_approval_get_action_remote_id (page->approvals->pdata[i]);
      g_autofree char *key = _rapport_store_set_aside_skip_key (RAPPORT_RECORD_MONEY, action_id);

      if (g_hash_table_contains (skip, key))
        continue;
      if (_rapport_store_apply_approval (self, account_id, page->approvals->pdata[i],
                                         error) < 0)
        {
          *culprit = action_id;
          return FALSE;
        }
    }

  /* Tickets of this page that rows were waiting for. */
  if (page->tickets != NULL && page->tickets->len > 0)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_link_unlinked, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, account_id);
      if (!_rapport_store_step_done (stmt, "Linking money actions to their tickets", error))
        return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Reads
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_store_get_money_action:
 *
 * Returns: (transfer full): the ledger row, or %NULL with @error set
 */
RapportMoneyAction *
rapport_store_get_money_action (RapportStore  *self,
                                gint64         action_id,
                                GCancellable  *cancellable,
                                GError       **error)
{
  RapportMoneyAction *action;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;
  action = _rapport_store_load_money_action (self, action_id, error);
  _rapport_store_unlock (self);

  return action;
}

/**
 * rapport_store_list_customer_actions:
 *
 * Returns: (transfer full) (element-type RapportMoneyAction): the actions, or %NULL with
 *   @error set
 */
GPtrArray *
rapport_store_list_customer_actions (RapportStore  *self,
                                     gint64         customer_id,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  GPtrArray *actions = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_customer_actions, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, customer_id);
      actions = read_actions (stmt, FALSE, error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (self);

  return actions;
}

/**
 * rapport_store_list_recent_customer_actions:
 *
 * Returns: (transfer full) (element-type RapportMoneyAction): the actions, or %NULL with
 *   @error set
 */
GPtrArray *
rapport_store_list_recent_customer_actions (RapportStore  *self,
                                            gint64         customer_id,
                                            gint64         since_us,
                                            gint64         ticket_id,
                                            GCancellable  *cancellable,
                                            GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  GPtrArray *actions = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_recent_customer_actions, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, customer_id);
      sqlite3_bind_int64 (stmt, 2, since_us);
      sqlite3_bind_int64 (stmt, 3, ticket_id);
      actions = read_actions (stmt, FALSE, error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (self);

  return actions;
}

/**
 * rapport_store_list_agent_actions:
 *
 * Returns: (transfer full) (element-type RapportMoneyAction): the actions, or %NULL with
 *   @error set
 */
GPtrArray *
rapport_store_list_agent_actions (RapportStore  *self,
                                  gint64         account_id,
                                  const char    *requester_remote_id,
                                  gint64         since_us,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  GPtrArray *actions = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (requester_remote_id == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_agent_actions, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      _rapport_store_bind_text (stmt, 2, requester_remote_id);
      sqlite3_bind_int64 (stmt, 3, since_us);
      actions = read_actions (stmt, FALSE, error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (self);

  return actions;
}

/**
 * rapport_store_list_pending_approvals:
 *
 * Returns: (transfer full) (element-type RapportMoneyAction): the actions awaiting a decision,
 *   or %NULL with @error set
 */
GPtrArray *
rapport_store_list_pending_approvals (RapportStore  *self,
                                      gint64         account_id,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  GPtrArray *actions = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_pending_approvals, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      actions = read_actions (stmt, TRUE, error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (self);

  return actions;
}

gboolean
rapport_store_count_pending_approvals (RapportStore  *self,
                                       gint64         account_id,
                                       guint         *count,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return FALSE;

  stmt = _rapport_store_prepare (self, sql_count_pending_approvals, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      if (_rapport_store_step (stmt, "Counting pending approvals", error) == SQLITE_ROW)
        {
          *count = (guint) sqlite3_column_int64 (stmt, 0);
          ok = TRUE;
        }
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (self);

  return ok;
}

/* ---------------------------------------------------------------------------------------------
 * The money summary (computed in rapport-money-summary.c)
 * ------------------------------------------------------------------------------------------- */

/* Adds to @summary the customer's actions one by one (the rows list_customer_actions ()
 * returns, as a few columns): each server action once when two accounts hold copies. */
static gboolean
summary_add_rows (RapportStore         *self,
                  RapportMoneySummary  *summary,
                  GError              **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_customer_summary, error);
  int rc = 0;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, summary->customer_id);
  while ((rc = _rapport_store_step (stmt, "Reading money actions", error)) == SQLITE_ROW)
    {
      RapportMoneySummaryEntry entry = {
        .amount.minor = sqlite3_column_int64 (stmt, 1),
        .created_at_us = sqlite3_column_int64 (stmt, 4),
      };
      const char *approval = _rapport_store_column_text (stmt, 6);
      RapportDecision decision;
      RapportApprovalCheck check = RAPPORT_APPROVAL_CHECK_UNDECIDED;

      READ_ENUM (rapport_money_kind_from_string, stmt, 0, &entry.kind,
                 RAPPORT_MONEY_KIND_REFUND, "kind");
      READ_ENUM (rapport_action_state_from_string, stmt, 3, &entry.state,
                 RAPPORT_ACTION_STATE_PENDING_APPROVAL, "state");
      READ_ENUM (rapport_decision_from_string, stmt, 7, &decision, RAPPORT_DECISION_NONE,
                 "decision");
      if (decision != RAPPORT_DECISION_NONE)
        READ_ENUM (rapport_approval_check_from_string, stmt, 8, &check,
                   RAPPORT_APPROVAL_CHECK_UNDECIDED, "decision check");
      g_strlcpy (entry.amount.currency, _rapport_store_column_text (stmt, 2),
                 sizeof entry.amount.currency);
      entry.pending_sync = g_strcmp0 (_rapport_store_column_text (stmt, 5),
                                      "locally-created") == 0;
      entry.awaits_decision = entry.state == RAPPORT_ACTION_STATE_PENDING_APPROVAL &&
                              approval != NULL && approval[0] != '\0';
      entry.invalid_decision = decision != RAPPORT_DECISION_NONE &&
                               check != RAPPORT_APPROVAL_CHECK_VALID;
      _rapport_money_summary_add (summary, &entry);
    }

  return rc == SQLITE_DONE;
}

/* high × 2³² + low, or G_MAXINT64 and *@saturated when it does not fit. */
static gint64
join_halves (gint64    high,
             gint64    low,
             gboolean *saturated)
{
  gint64 shifted, sum;

  if (__builtin_mul_overflow (high, G_GINT64_CONSTANT (1) << 32, &shifted) ||
      __builtin_add_overflow (shifted, low, &sum))
    {
      *saturated = TRUE;
      return G_MAXINT64;
    }

  return sum;
}

/* Adds to @summary the customer's totals kept by the actions' triggers, and the moved
 * actions of the window: as many rows as kinds of actions plus the window's, whatever the
 * length of the ledger. Counts every copy of an action: only while no two accounts are of one
 * workspace. */
static gboolean
summary_add_totals (RapportStore         *self,
                    RapportMoneySummary  *summary,
                    GError              **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_customer_totals, error);
  int rc = 0;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, summary->customer_id);
  while ((rc = _rapport_store_step (stmt, "Reading money totals", error)) == SQLITE_ROW)
    {
      RapportMoneySummaryEntry entry = {
        .pending_sync = sqlite3_column_int (stmt, 3) != 0,
        .awaits_decision = sqlite3_column_int (stmt, 4) != 0,
        .invalid_decision = sqlite3_column_int (stmt, 5) != 0,
      };
      gboolean saturated = FALSE;

      READ_ENUM (rapport_money_kind_from_string, stmt, 1, &entry.kind,
                 RAPPORT_MONEY_KIND_REFUND, "kind");
      READ_ENUM (rapport_action_state_from_string, stmt, 2, &entry.state,
                 RAPPORT_ACTION_STATE_PENDING_APPROVAL, "state");
      g_strlcpy (entry.amount.currency, _rapport_store_column_text (stmt, 0),
                 sizeof entry.amount.currency);
      entry.amount.minor = join_halves (sqlite3_column_int64 (stmt, 7),
                                        sqlite3_column_int64 (stmt, 8), &saturated);
      _rapport_money_summary_add_to_date (summary, &entry,
                                          (guint) sqlite3_column_int64 (stmt, 6), saturated);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  if (rc != SQLITE_DONE)
    return FALSE;

  stmt = _rapport_store_prepare (self, sql_customer_window, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, summary->customer_id);
  sqlite3_bind_int64 (stmt, 2, summary->window_start_us);
  while ((rc = _rapport_store_step (stmt, "Reading money actions", error)) == SQLITE_ROW)
    {
      RapportMoney amount = { sqlite3_column_int64 (stmt, 2) };
      RapportMoneyKind kind;

      READ_ENUM (rapport_money_kind_from_string, stmt, 0, &kind, RAPPORT_MONEY_KIND_REFUND,
                 "kind");
      g_strlcpy (amount.currency, _rapport_store_column_text (stmt, 1), sizeof amount.currency);
      _rapport_money_summary_add_window (summary, kind, &amount);
    }

  return rc == SQLITE_DONE;
}

/**
 * rapport_store_money_summary:
 *
 * Returns: (transfer full): the customer's summary, or %NULL with @error set
 */
RapportMoneySummary *
rapport_store_money_summary (RapportStore  *self,
                             gint64         customer_id,
                             guint          window_days,
                             gint64         now_us,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autoptr(RapportMoneySummary) summary = NULL;
  gboolean copies = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  /* The sums of rapport_money_summary_compute () over the rows list_customer_actions ()
   * returns. Adding up a long ledger row by row costs milliseconds (thousands of rows), so
   * the summary starts from the totals the triggers keep; they count every copy of an action,
   * so while two accounts of one workspace hold copies, the rows are read instead. */
  stmt = _rapport_store_prepare (self, sql_workspace_copies, error);
  if (stmt != NULL &&
      _rapport_store_step (stmt, "Looking for accounts of one workspace", error) == SQLITE_ROW)
    {
      copies = sqlite3_column_int (stmt, 0) != 0;
      g_clear_pointer (&stmt, _rapport_store_stmt_release);
      summary = _rapport_money_summary_new (customer_id, window_days, now_us);
      ok = copies ? summary_add_rows (self, summary, error)
                  : summary_add_totals (self, summary, error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&summary) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Async wrappers, through the store's thread runner
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64  id;           /* action, customer or account */
  char   *requester;
  gint64  since_us;
  gint64  ticket_id;
  guint   window_days;
  gint64  now_us;
} ReadCall;

static void
read_call_free (gpointer data)
{
  ReadCall *call = data;

  g_free (call->requester);
  g_free (call);
}

static ReadCall *
read_call_new (gint64 id)
{
  ReadCall *call = g_new0 (ReadCall, 1);

  call->id = id;

  return call;
}

static gpointer
get_action_work (RapportStore  *self,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return rapport_store_get_money_action (self, ((ReadCall *) data)->id, cancellable, error);
}

void
rapport_store_get_money_action_async (RapportStore        *self,
                                      gint64               action_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  _rapport_store_run_async (self, self, rapport_store_get_money_action_async, get_action_work,
                            read_call_new (action_id), read_call_free, g_object_unref,
                            cancellable, callback, user_data);
}

/**
 * rapport_store_get_money_action_finish:
 *
 * Returns: (transfer full): the row, or %NULL with @error set
 */
RapportMoneyAction *
rapport_store_get_money_action_finish (RapportStore  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _rapport_store_run_finish (self, result, rapport_store_get_money_action_async, error);
}

static gpointer
customer_actions_work (RapportStore  *self,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return rapport_store_list_customer_actions (self, ((ReadCall *) data)->id, cancellable,
                                              error);
}

void
rapport_store_list_customer_actions_async (RapportStore        *self,
                                           gint64               customer_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  _rapport_store_run_async (self, self, rapport_store_list_customer_actions_async,
                            customer_actions_work, read_call_new (customer_id), read_call_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                            user_data);
}

/**
 * rapport_store_list_customer_actions_finish:
 *
 * Returns: (transfer full) (element-type RapportMoneyAction): the actions, or %NULL with
 *   @error set
 */
GPtrArray *
rapport_store_list_customer_actions_finish (RapportStore  *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return _rapport_store_run_finish (self, result, rapport_store_list_customer_actions_async,
                                    error);
}

static gpointer
recent_customer_actions_work (RapportStore  *self,
                              gpointer       data,
                              GCancellable  *cancellable,
                              GError       **error)
{
  ReadCall *call = data;

  return rapport_store_list_recent_customer_actions (self, call->id, call->since_us,
                                                     call->ticket_id, cancellable, error);
}

void
rapport_store_list_recent_customer_actions_async (RapportStore        *self,
                                                  gint64               customer_id,
                                                  gint64               since_us,
                                                  gint64               ticket_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  ReadCall *call = read_call_new (customer_id);

  call->since_us = since_us;
  call->ticket_id = ticket_id;
  _rapport_store_run_async (self, self, rapport_store_list_recent_customer_actions_async,
                            recent_customer_actions_work, call, read_call_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                            user_data);
}

/**
 * rapport_store_list_recent_customer_actions_finish:
 *
 * Returns: (transfer full) (element-type RapportMoneyAction): the actions, or %NULL with
 *   @error set
 */
GPtrArray *
rapport_store_list_recent_customer_actions_finish (RapportStore  *self,
                                                   GAsyncResult  *result,
                                                   GError       **error)
{
  return _rapport_store_run_finish (self, result,
                                    rapport_store_list_recent_customer_actions_async, error);
}

static gpointer
agent_actions_work (RapportStore  *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ReadCall *call = data;

  return rapport_store_list_agent_actions (self, call->id, call->requester, call->since_us,
                                           cancellable, error);
}

void
rapport_store_list_agent_actions_async (RapportStore        *self,
                                        gint64               account_id,
                                        const char          *requester_remote_id,
                                        gint64               since_us,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ReadCall *call = read_call_new (account_id);

  call->requester = g_strdup (requester_remote_id);
  call->since_us = since_us;
  _rapport_store_run_async (self, self, rapport_store_list_agent_actions_async,
                            agent_actions_work, call, read_call_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                            user_data);
}

/**
 * rapport_store_list_agent_actions_finish:
 *
 * Returns: (transfer full) (element-type RapportMoneyAction): the actions, or %NULL with
 *   @error set
 */
GPtrArray *
rapport_store_list_agent_actions_finish (RapportStore  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return _rapport_store_run_finish (self, result, rapport_store_list_agent_actions_async, error);
}

static gpointer
pending_approvals_work (RapportStore  *self,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return rapport_store_list_pending_approvals (self, ((ReadCall *) data)->id, cancellable,
                                               error);
}

void
rapport_store_list_pending_approvals_async (RapportStore        *self,
                                            gint64               account_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  _rapport_store_run_async (self, self, rapport_store_list_pending_approvals_async,
                            pending_approvals_work, read_call_new (account_id), read_call_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                            user_data);
}

/**
 * rapport_store_list_pending_approvals_finish:
 *
 * Returns: (transfer full) (element-type RapportMoneyAction): the actions, or %NULL with
 *   @error set
 */
GPtrArray *
rapport_store_list_pending_approvals_finish (RapportStore  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return _rapport_store_run_finish (self, result, rapport_store_list_pending_approvals_async,
                                    error);
}

static gpointer
count_pending_work (RapportStore  *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  guint count = 0;

  if (!rapport_store_count_pending_approvals (self, ((ReadCall *) data)->id, &count,
                                              cancellable, error))
    return NULL;

  return g_memdup2 (&count, sizeof count);
}

void
rapport_store_count_pending_approvals_async (RapportStore        *self,
                                             gint64               account_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  _rapport_store_run_async (self, self, rapport_store_count_pending_approvals_async,
                            count_pending_work, read_call_new (account_id), read_call_free,
                            g_free, cancellable, callback, user_data);
}

gboolean
rapport_store_count_pending_approvals_finish (RapportStore  *self,
                                              GAsyncResult  *result,
                                              guint         *count,
                                              GError       **error)
{
  g_autofree guint *value = NULL;

  g_return_val_if_fail (count != NULL, FALSE);

  value = _rapport_store_run_finish (self, result, rapport_store_count_pending_approvals_async,
                                     error);
  if (value == NULL)
    return FALSE;

  *count = *value;

  return TRUE;
}

static gpointer
summary_work (RapportStore  *self,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  ReadCall *call = data;

  return rapport_store_money_summary (self, call->id, call->window_days, call->now_us,
                                      cancellable, error);
}

void
rapport_store_money_summary_async (RapportStore        *self,
                                   gint64               customer_id,
                                   guint                window_days,
                                   gint64               now_us,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ReadCall *call = read_call_new (customer_id);

  call->window_days = window_days;
  call->now_us = now_us;
  _rapport_store_run_async (self, self, rapport_store_money_summary_async, summary_work, call,
                            read_call_free, (GDestroyNotify) rapport_money_summary_free,
                            cancellable, callback, user_data);
}

/**
 * rapport_store_money_summary_finish:
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
RapportMoneySummary *
rapport_store_money_summary_finish (RapportStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _rapport_store_run_finish (self, result, rapport_store_money_summary_async, error);
}

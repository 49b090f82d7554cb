/* rapport-store-views.c
 *
 * Reads: the four views (counts and ticket ids), tickets, a ticket's messages, a customer
 * and a customer's history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-store-private.h"
#include "rapport-ticket-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define RECENTLY_SOLVED_DAYS 30
#define TICKET_ORDER_OPEN   " ORDER BY updated_at DESC, id DESC"
#define TICKET_ORDER_SOLVED " ORDER BY solved_at DESC, id DESC"

static const char *sql_account_user =
  "SELECT user_remote_id FROM accounts WHERE id = ?1";
static const char *sql_newest_update =
  "SELECT MAX (newest) FROM ("
  "SELECT MAX (updated_at) AS newest FROM tickets WHERE account_id = ?1 AND is_open = 0 "
  "UNION ALL "
  "SELECT MAX (updated_at) FROM tickets WHERE account_id = ?1 AND is_open = 1)";
/* The counts read view_counts (migration 0008), kept by triggers as tickets change: a few
 * rows per account, whatever the number of tickets. "Recently solved" adds up the slots of
 * 65 536 s after the cutoff's own and counts that one slot's tickets in tickets_solved. */
static const char *sql_count_my_open =
  "SELECT TOTAL (n) FROM view_counts WHERE account_id = ?1 AND is_open = 1 AND assigned = 1 "
  "AND assignee = ?2";
static const char *sql_count_unassigned =
  "SELECT TOTAL (n) FROM view_counts WHERE account_id = ?1 AND is_open = 1 AND assigned = 0";
static const char *sql_count_all_open =
  "SELECT TOTAL (n) FROM view_counts WHERE account_id = ?1 AND is_open = 1";
static const char *sql_count_recently_solved =
  "SELECT (SELECT TOTAL (n) FROM view_counts WHERE account_id = ?1 AND is_open = 0 "
  "AND assigned = 0 AND assignee = '' AND solved_slot > (?2 >> 16)) + "
  "(SELECT COUNT (*) FROM tickets WHERE account_id = ?1 AND is_open = 0 AND solved_at >= ?2 "
  "AND solved_at < (((?2 >> 16) + 1) << 16))";
static const char *sql_list_my_open =
  "SELECT id FROM tickets WHERE account_id = ?1 AND assignee_remote_id = ?2 AND is_open = 1"
  TICKET_ORDER_OPEN;
static const char *sql_list_unassigned =
  "SELECT id FROM tickets WHERE account_id = ?1 AND assignee_remote_id IS NULL AND is_open = 1"
  TICKET_ORDER_OPEN;
static const char *sql_list_all_open =
  "SELECT id FROM tickets WHERE account_id = ?1 AND is_open = 1" TICKET_ORDER_OPEN;
static const char *sql_list_recently_solved =
  "SELECT id FROM tickets WHERE account_id = ?1 AND is_open = 0 AND solved_at >= ?2"
  TICKET_ORDER_SOLVED;
static const char *sql_ticket_load =
  "SELECT t.id, t.remote_id, t.subject, t.status, t.priority, t.channel, t.customer_id, "
  "c.display_name, t.requester_remote_id, t.assignee_remote_id, t.assignee_name, t.queue, "
  "t.tags, t.created_at, t.updated_at, t.solved_at, t.message_count, t.last_message_preview "
  "FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1";
static const char *sql_message_list =
  "SELECT m.id, m.remote_id, t.remote_id, m.channel, m.direction, m.visibility, m.author_kind, "
  "m.author_name, m.author_remote_id, m.author_customer_id, m.body, m.created_at "
  "FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.ticket_id = ?1 "
  "ORDER BY m.created_at, m.id";
static const char *sql_customer_load =
  "SELECT c.display_name, c.organization, (SELECT l.remote_id FROM customer_links l "
  "WHERE l.customer_id = c.id ORDER BY l.is_primary DESC, l.account_id LIMIT 1) "
  "FROM customers c WHERE c.id = ?1";
static const char *sql_customer_identities =
  "SELECT id, channel, address FROM identities WHERE customer_id = ?1 "
  "ORDER BY CASE channel WHEN 'email' THEN 0 WHEN 'phone' THEN 1 WHEN 'chat' THEN 2 "
  "WHEN 'social' THEN 3 WHEN 'web' THEN 4 ELSE 5 END, address, id";
/* Another account of the same workspace (provider kind and base URL) holds the same ticket
 * for the same customer: the customer's reads count the ticket once, in the copy of the
 * workspace's account added first (the lowest account id). Tickets of other helpdesks are
 * the customer's history too and stay. The tickets row is "t", its account "ta". One lookup
 * in UNIQUE (account_id, remote_id) per earlier account of the workspace: the "+" keeps the
 * planner off tickets_customer, which would scan the customer's tickets for each ticket. */
#define TICKET_IS_WORKSPACE_COPY                                                          \
  "EXISTS (SELECT 1 FROM tickets w WHERE w.remote_id = t.remote_id "                      \
  "AND +w.customer_id = t.customer_id AND w.account_id IN (SELECT wa.id FROM accounts wa " \
  "WHERE wa.id < ta.id AND wa.provider_kind = ta.provider_kind "                          \
  "AND wa.base_url IS ta.base_url))"
static const char *sql_customer_counts =
  "SELECT COUNT (*), TOTAL (t.is_open) FROM tickets t JOIN accounts ta ON ta.id = t.account_id "
  "WHERE t.customer_id = ?1 AND NOT " TICKET_IS_WORKSPACE_COPY;
static const char *sql_customer_last_contact =
  "SELECT m.created_at, t.subject FROM tickets t JOIN messages m ON m.ticket_id = t.id "
  "WHERE t.customer_id = ?1 AND m.direction = 'in' "
  "ORDER BY m.created_at DESC, m.id DESC LIMIT 1";
/* Every message of the customer's history: "m" of a ticket "t" of account "ta". */
#define CUSTOMER_MESSAGES                                                                    \
  "FROM tickets t JOIN accounts ta ON ta.id = t.account_id JOIN messages m ON m.ticket_id = t.id " \
  "WHERE t.customer_id = ?1 AND NOT " TICKET_IS_WORKSPACE_COPY " "
/* The body is not among the columns: the summary of an entry comes from the start of its body
 * (history_entry_from_row ()), the conversation's preview. */
#define HISTORY_COLUMNS                                                                       \
  "SELECT m.id, t.id, t.remote_id, t.subject, t.status, m.channel, m.direction, m.visibility, " \
  "m.author_name, NULL, m.created_at "
#define HISTORY_ORDER "ORDER BY m.created_at DESC, m.id DESC"
static const char *sql_customer_history =
  HISTORY_COLUMNS CUSTOMER_MESSAGES HISTORY_ORDER;
/* The page is chosen from messages_ticket_time alone (0007-history-index.sql), then only its
 * rows are read: (?2, ?3) is the time and id of the entry it follows. */
static const char *sql_customer_history_page =
  HISTORY_COLUMNS "FROM (SELECT m.id AS id, m.created_at AS created_at " CUSTOMER_MESSAGES
  "AND (m.created_at, m.id) < (?2, ?3) " HISTORY_ORDER " LIMIT ?4) p "
  "JOIN messages m ON m.id = p.id JOIN tickets t ON t.id = m.ticket_id "
  "ORDER BY p.created_at DESC, p.id DESC";
static const char *sql_customer_history_count =
  "SELECT COUNT (*) " CUSTOMER_MESSAGES;

static RapportTicketPriority
priority_from_column (sqlite3_stmt *stmt,
                      int           column)
{
  RapportTicketPriority priority = RAPPORT_TICKET_PRIORITY_NORMAL;
  const char *text = _rapport_store_column_text (stmt, column);

  if (!rapport_ticket_priority_from_string (text, &priority))
    g_warning ("Unknown ticket priority “%s” in the database", text ? text : "(null)");

  return priority;
}

static RapportDirection
direction_from_column (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strcmp0 (_rapport_store_column_text (stmt, column), "out") == 0
           ? RAPPORT_DIRECTION_OUTBOUND : RAPPORT_DIRECTION_INBOUND;
}

static RapportVisibility
visibility_from_column (sqlite3_stmt *stmt,
                        int           column)
{
  return g_strcmp0 (_rapport_store_column_text (stmt, column), "internal") == 0
           ? RAPPORT_VISIBILITY_INTERNAL : RAPPORT_VISIBILITY_PUBLIC;
}

static RapportAuthorKind
author_kind_from_column (sqlite3_stmt *stmt,
                         int           column)
{
  const char *text = _rapport_store_column_text (stmt, column);

  if (g_strcmp0 (text, "agent") == 0)
    return RAPPORT_AUTHOR_AGENT;
  if (g_strcmp0 (text, "system") == 0)
    return RAPPORT_AUTHOR_SYSTEM;

  return RAPPORT_AUTHOR_CUSTOMER;
}

char **
_rapport_store_tags_from_json (const char *json)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (json == NULL || strcmp (json, "[]") == 0)
    return g_strv_builder_end (builder);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      g_warning ("Cannot parse the tags stored for a ticket: %s", error->message);
      return g_strv_builder_end (builder);
    }

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *tag = json_array_get_string_element (array, i);

          if (tag != NULL)
            g_strv_builder_add (builder, tag);
        }
    }
  else
    {
      g_warning ("The tags stored for a ticket are not a JSON array");
    }

  return g_strv_builder_end (builder);
}

/* ---------------------------------------------------------------------------------------------
 * Views
 * ------------------------------------------------------------------------------------------- */

/* "Recently solved" is relative to the account's newest activity (the newest updated_at of
 * its tickets), not to the wall clock: a workspace opened after a quiet month, and the demo
 * workspace whose dates are anchored at its creation, still show what was solved last.
 * With no tickets the anchor is now. */
static gboolean
recently_solved_cutoff (RapportStore  *self,
                        gint64         account_id,
                        gint64        *cutoff,
                        GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_newest_update, error);
  gint64 anchor;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  if (_rapport_store_step (stmt, "Finding the newest ticket", error) != SQLITE_ROW)
    return FALSE;

  anchor = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? _rapport_store_now ()
                                                       : sqlite3_column_int64 (stmt, 0);
  *cutoff = anchor - RECENTLY_SOLVED_DAYS * 24 * 60 * 60;

  return TRUE;
}

/* The signed-in user's remote id; NULL (and no error) when the account has none. */
static gboolean
account_user (RapportStore  *self,
              gint64         account_id,
              char         **user,
              GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_account_user, error);
  int rc;

  *user = NULL;
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = _rapport_store_step (stmt, "Reading an account", error);
  if (rc == 0)
    return FALSE;

  if (rc == SQLITE_ROW)
    *user = g_strdup (_rapport_store_column_text (stmt, 0));

  return TRUE;
}

/* Prepares the query of @view with its parameters bound; *@stmt is NULL (and the result
 * empty) for "My open" of an account without a user. */
static gboolean
prepare_view (RapportStore  *self,
              gint64         account_id,
              RapportView    view,
              gboolean       count,
              char         **user,
              RapportStoreStmt    **stmt,
              GError       **error)
{
  gint64 cutoff = 0;
  const char *sql;

  *stmt = NULL;

  switch (view)
    {
    case RAPPORT_VIEW_MY_OPEN:
      if (!account_user (self, account_id, user, error))
        return FALSE;
      if (*user == NULL)
        return TRUE;
      sql = count ? sql_count_my_open : sql_list_my_open;
      break;

    case RAPPORT_VIEW_UNASSIGNED:
      sql = count ? sql_count_unassigned : sql_list_unassigned;
      break;

    case RAPPORT_VIEW_ALL_OPEN:
      sql = count ? sql_count_all_open : sql_list_all_open;
      break;

    case RAPPORT_VIEW_RECENTLY_SOLVED:
      if (!recently_solved_cutoff (self, account_id, &cutoff, error))
        return FALSE;
      sql = count ? sql_count_recently_solved : sql_list_recently_solved;
      break;

    default:
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "Unknown view %d", view);
      return FALSE;
    }

  *stmt = _rapport_store_prepare (self, sql, error);
  if (*stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (*stmt, 1, account_id);
  if (view == RAPPORT_VIEW_MY_OPEN)
    _rapport_store_bind_text (*stmt, 2, *user);
  else if (view == RAPPORT_VIEW_RECENTLY_SOLVED)
    sqlite3_bind_int64 (*stmt, 2, cutoff);

  return TRUE;
}

gboolean
rapport_store_count_views (RapportStore  *self,
                           gint64         account_id,
                           guint         *counts,
                           GCancellable  *cancellable,
                           GError       **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return FALSE;

  for (guint view = 0; ok && view < RAPPORT_N_VIEWS; view++)
    {
      g_autoptr(RapportStoreStmt) stmt = NULL;
      g_autofree char *user = NULL;

      counts[view] = 0;
      ok = prepare_view (self, account_id, view, TRUE, &user, &stmt, error);
      if (ok && stmt != NULL)
        {
          ok = _rapport_store_step (stmt, "Counting tickets", error) == SQLITE_ROW;
          if (ok)
            counts[view] = (guint) sqlite3_column_int64 (stmt, 0);
        }
    }

  _rapport_store_unlock (self);

  return ok;
}

GArray *
rapport_store_list_ticket_ids (RapportStore  *self,
                               gint64         account_id,
                               RapportView    view,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *user = NULL;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  ok = prepare_view (self, account_id, view, FALSE, &user, &stmt, error);
  if (ok && stmt != NULL)
    {
      int rc;

      while ((rc = _rapport_store_step (stmt, "Listing tickets", error)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&ids) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Tickets, messages, customers
 * ------------------------------------------------------------------------------------------- */

static RapportTicket *
ticket_from_row (sqlite3_stmt *stmt)
{
  RapportTicket *ticket = rapport_ticket_new ();
  g_auto(GStrv) tags = _rapport_store_tags_from_json (_rapport_store_column_text (stmt, 12));

  g_object_freeze_notify (G_OBJECT (ticket));
  rapport_ticket_set_id (ticket, sqlite3_column_int64 (stmt, 0));
  rapport_ticket_set_remote_id (ticket, _rapport_store_column_text (stmt, 1));
  rapport_ticket_set_subject (ticket, _rapport_store_column_text (stmt, 2));
  rapport_ticket_set_status (ticket, _rapport_store_status_from_column (stmt, 3));
  rapport_ticket_set_priority (ticket, priority_from_column (stmt, 4));
  rapport_ticket_set_channel (ticket, _rapport_store_channel_from_column (stmt, 5));
  rapport_ticket_set_customer_id (ticket, sqlite3_column_int64 (stmt, 6));
  rapport_ticket_set_customer_name (ticket, _rapport_store_column_text (stmt, 7));
  rapport_ticket_set_requester_remote_id (ticket, _rapport_store_column_text (stmt, 8));
  rapport_ticket_set_assignee_remote_id (ticket, _rapport_store_column_text (stmt, 9));
  rapport_ticket_set_assignee_name (ticket, _rapport_store_column_text (stmt, 10));
  rapport_ticket_set_queue (ticket, _rapport_store_column_text (stmt, 11));
  rapport_ticket_set_tags (ticket, (const char * const *) tags);
  rapport_ticket_set_created_at (ticket, sqlite3_column_int64 (stmt, 13));
  rapport_ticket_set_updated_at (ticket, sqlite3_column_int64 (stmt, 14));
  rapport_ticket_set_solved_at (ticket, sqlite3_column_int64 (stmt, 15));
  rapport_ticket_set_message_count (ticket, (guint) sqlite3_column_int64 (stmt, 16));
  rapport_ticket_set_last_message_preview (ticket, _rapport_store_column_text (stmt, 17));
  _rapport_ticket_set_loaded (ticket, TRUE);
  g_object_thaw_notify (G_OBJECT (ticket));

  return ticket;
}

GPtrArray *
rapport_store_load_tickets (RapportStore  *self,
                            const gint64  *ids,
                            guint          n_ids,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_full (n_ids, g_object_unref);
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  for (guint i = 0; ok && i < n_ids; i++)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_ticket_load, error);
      int rc;

      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }

      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = _rapport_store_step (stmt, "Loading a ticket", error);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (tickets, ticket_from_row (stmt));
      ok = rc != 0;
    }

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&tickets) : NULL;
}

RapportMessage *
_rapport_store_message_from_row (sqlite3_stmt *stmt,
                                 gint64        ticket_id)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_id (message, sqlite3_column_int64 (stmt, 0));
  rapport_message_set_remote_id (message, _rapport_store_column_text (stmt, 1));
  rapport_message_set_ticket_id (message, ticket_id);
  rapport_message_set_ticket_remote_id (message, _rapport_store_column_text (stmt, 2));
  rapport_message_set_channel (message, _rapport_store_channel_from_column (stmt, 3));
  rapport_message_set_direction (message, direction_from_column (stmt, 4));
  rapport_message_set_visibility (message, visibility_from_column (stmt, 5));
  rapport_message_set_author_kind (message, author_kind_from_column (stmt, 6));
  rapport_message_set_author_name (message, _rapport_store_column_text (stmt, 7));
  rapport_message_set_author_remote_id (message, _rapport_store_column_text (stmt, 8));
  rapport_message_set_author_customer_id (message, sqlite3_column_int64 (stmt, 9));
  rapport_message_set_body (message, _rapport_store_column_text (stmt, 10));
  rapport_message_set_created_at (message, sqlite3_column_int64 (stmt, 11));

  return message;
}

GPtrArray *
rapport_store_list_messages (RapportStore  *self,
                             gint64         ticket_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_message_list, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      while ((rc = _rapport_store_step (stmt, "Listing messages", error)) == SQLITE_ROW)
        {
          g_ptr_array_add (messages, _rapport_store_message_from_row (stmt, ticket_id));
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&messages) : NULL;
}

static gboolean
fill_customer (RapportStore     *self,
               gint64            customer_id,
               RapportCustomer  *customer,
               GError          **error)
{
  int rc;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_customer_load, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, customer_id);
    rc = _rapport_store_step (stmt, "Loading a customer", error);
    if (rc == 0)
      return FALSE;
    if (rc == SQLITE_DONE)
      {
        g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                     "There is no customer %" G_GINT64_FORMAT, customer_id);
        return FALSE;
      }

    rapport_customer_set_id (customer, customer_id);
    rapport_customer_set_display_name (customer, _rapport_store_column_text (stmt, 0));
    rapport_customer_set_organization (customer, _rapport_store_column_text (stmt, 1));
    rapport_customer_set_remote_id (customer, _rapport_store_column_text (stmt, 2));
  }

  {
    g_autoptr(RapportStoreStmt) stmt = NULL;

    stmt = _rapport_store_prepare (self, sql_customer_identities, error);
    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, customer_id);
    while ((rc = _rapport_store_step (stmt, "Loading identities", error)) == SQLITE_ROW)
      {
        g_autoptr(RapportIdentity) identity = NULL;

        identity = rapport_identity_new (_rapport_store_channel_from_column (stmt, 1),
                                         _rapport_store_column_text (stmt, 2));
        rapport_identity_set_id (identity, sqlite3_column_int64 (stmt, 0));
        rapport_identity_set_customer_id (identity, customer_id);
        rapport_customer_add_identity (customer, identity);
      }
    if (rc == 0)
      return FALSE;
  }

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_customer_counts, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, customer_id);
    if (_rapport_store_step (stmt, "Counting a customer's tickets", error) != SQLITE_ROW)
      return FALSE;

    rapport_customer_set_ticket_count (customer, (guint) sqlite3_column_int64 (stmt, 0));
    rapport_customer_set_open_ticket_count (customer, (guint) sqlite3_column_int64 (stmt, 1));
  }

  {
    g_autoptr(RapportStoreStmt) stmt = NULL;

    stmt = _rapport_store_prepare (self, sql_customer_last_contact, error);
    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, customer_id);
    rc = _rapport_store_step (stmt, "Finding a customer's last contact", error);
    if (rc == 0)
      return FALSE;
    if (rc == SQLITE_ROW)
      rapport_customer_set_last_contact (customer, sqlite3_column_int64 (stmt, 0),
                                         _rapport_store_column_text (stmt, 1));
  }

  return TRUE;
}

RapportCustomer *
rapport_store_load_customer (RapportStore  *self,
                             gint64         customer_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(RapportCustomer) customer = NULL;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  customer = rapport_customer_new ();
  ok = fill_customer (self, customer_id, customer, error);

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&customer) : NULL;
}

/* Locked. A row of HISTORY_COLUMNS, its summary from the start of its message's body (read
 * through *@blob, see _rapport_store_read_body_start ()): a 10 MB body is neither read whole
 * nor made valid UTF-8 whole for a line of 120 characters. NULL with @error set on failure. */
static RapportHistoryEntry *
history_entry_from_row (RapportStore  *self,
                        sqlite3_blob **blob,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  g_autofree char *start = _rapport_store_read_body_start (self, blob,
                                                           sqlite3_column_int64 (stmt, 0),
                                                           error);
  g_autofree char *summary = NULL;

  if (start == NULL)
    return NULL;

  summary = rapport_summarize_body (start);

  return rapport_history_entry_new (sqlite3_column_int64 (stmt, 0),
                                    sqlite3_column_int64 (stmt, 1),
                                    _rapport_store_column_text (stmt, 2),
                                    _rapport_store_column_text (stmt, 3),
                                    _rapport_store_status_from_column (stmt, 4),
                                    _rapport_store_channel_from_column (stmt, 5),
                                    direction_from_column (stmt, 6),
                                    visibility_from_column (stmt, 7),
                                    _rapport_store_column_text (stmt, 8),
                                    summary,
                                    sqlite3_column_int64 (stmt, 10));
}

GPtrArray *
rapport_store_customer_history (RapportStore  *self,
                                gint64         customer_id,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  sqlite3_blob *blob = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_customer_history, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, customer_id);
      while ((rc = _rapport_store_step (stmt, "Reading a customer's history", error)) == SQLITE_ROW)
        {
          RapportHistoryEntry *entry = history_entry_from_row (self, &blob, stmt, error);

          if (entry == NULL)
            break;
          g_ptr_array_add (entries, entry);
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  if (blob != NULL)
    sqlite3_blob_close (blob);

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&entries) : NULL;
}

/* The page after @after_at, @after_id (G_MAXINT64 both: from the newest) with @limit entries;
 * @complete tells whether nothing follows. Called with the lock held. */
static GPtrArray *
read_history_page (RapportStore  *self,
                   gint64         customer_id,
                   gint64         after_at,
                   gint64         after_id,
                   guint          limit,
                   gboolean      *complete,
                   GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  sqlite3_blob *blob = NULL;
  int rc = SQLITE_DONE;

  stmt = _rapport_store_prepare (self, sql_customer_history_page, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, after_at);
  sqlite3_bind_int64 (stmt, 3, after_id);
  /* One more than asked: whether it comes says whether the page is the last. */
  sqlite3_bind_int64 (stmt, 4, (gint64) MIN (limit, (guint) G_MAXINT32) + 1);
  *complete = TRUE;
  while ((rc = _rapport_store_step (stmt, "Reading a page of a customer's history",
                                    error)) == SQLITE_ROW)
    {
      RapportHistoryEntry *entry;

      if (entries->len == limit)
        {
          *complete = FALSE;
          rc = SQLITE_DONE;
          break;
        }
      entry = history_entry_from_row (self, &blob, stmt, error);
      if (entry == NULL)
        break;
      g_ptr_array_add (entries, entry);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  if (blob != NULL)
    sqlite3_blob_close (blob);

  return rc == SQLITE_DONE ? g_steal_pointer (&entries) : NULL;
}

static gboolean
count_history (RapportStore  *self,
               gint64         customer_id,
               guint         *total,
               GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gboolean ok = FALSE;

  stmt = _rapport_store_prepare (self, sql_customer_history_count, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (_rapport_store_step (stmt, "Counting a customer's history", error) == SQLITE_ROW)
    {
      *total = (guint) MIN (sqlite3_column_int64 (stmt, 0), (gint64) G_MAXUINT);
      ok = TRUE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  return ok;
}

GPtrArray *
rapport_store_customer_history_page (RapportStore         *self,
                                     gint64                customer_id,
                                     RapportHistoryEntry  *after,
                                     guint                 limit,
                                     gboolean             *complete,
                                     guint                *total,
                                     GCancellable         *cancellable,
                                     GError              **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  gboolean page_complete = TRUE;
  gint64 after_at = G_MAXINT64;
  gint64 after_id = G_MAXINT64;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (after == NULL || RAPPORT_IS_HISTORY_ENTRY (after), NULL);

  if (after != NULL)
    {
      after_at = rapport_history_entry_get_created_at (after);
      after_id = rapport_history_entry_get_message_id (after);
    }

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  /* Both under one lock: no write comes between the page and the count. */
  entries = read_history_page (self, customer_id, after_at, after_id, limit, &page_complete,
                               error);
  if (entries != NULL && total != NULL && !count_history (self, customer_id, total, error))
    g_clear_pointer (&entries, g_ptr_array_unref);

  _rapport_store_unlock (self);

  if (entries != NULL && complete != NULL)
    *complete = page_complete;

  return g_steal_pointer (&entries);
}

/* ---------------------------------------------------------------------------------------------
 * Asynchronous wrappers, through the store's thread runner
 * ------------------------------------------------------------------------------------------- */

/* The calls on one row id (of a ticket or a customer) carry just the id. */
static gpointer
id_new (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* count_views and list_ticket_ids; count_views leaves its counts here for _finish (). */
typedef struct
{
  gint64      account_id;
  RapportView view;
  guint       counts[RAPPORT_N_VIEWS];
} ViewCall;

static ViewCall *
view_call_new (gint64      account_id,
               RapportView view)
{
  ViewCall *call = g_new0 (ViewCall, 1);

  call->account_id = account_id;
  call->view = view;

  return call;
}

/* count_views */

static gpointer
count_views_work (RapportStore  *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ViewCall *call = data;

  return RAPPORT_STORE_WORK_BOOLEAN (rapport_store_count_views (self, call->account_id,
                                                                call->counts, cancellable,
                                                                error));
}

void
rapport_store_count_views_async (RapportStore        *self,
                                 gint64               account_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_count_views_async, count_views_work,
                            view_call_new (account_id, 0), g_free, NULL,
                            cancellable, callback, user_data);
}

gboolean
rapport_store_count_views_finish (RapportStore  *self,
                                  GAsyncResult  *result,
                                  guint         *counts,
                                  GError       **error)
{
  ViewCall *call;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!_rapport_store_run_finish_boolean (self, result, rapport_store_count_views_async, error))
    return FALSE;

  call = _rapport_store_run_get_data (result);
  if (counts != NULL)
    memcpy (counts, call->counts, sizeof call->counts);

  return TRUE;
}

/* list_ticket_ids */

static gpointer
list_ticket_ids_work (RapportStore  *self,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  ViewCall *call = data;

  return rapport_store_list_ticket_ids (self, call->account_id, call->view, cancellable, error);
}

void
rapport_store_list_ticket_ids_async (RapportStore        *self,
                                     gint64               account_id,
                                     RapportView          view,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_list_ticket_ids_async, list_ticket_ids_work,
                            view_call_new (account_id, view), g_free,
                            (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_list_ticket_ids_finish:
 *
 * Returns: (transfer full) (element-type gint64): the ids in display order
 */
GArray *
rapport_store_list_ticket_ids_finish (RapportStore  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_list_ticket_ids_async, error);
}

/* load_tickets: the data is the ids, in a GArray. */

static gpointer
load_tickets_work (RapportStore  *self,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  GArray *ids = data;

  return rapport_store_load_tickets (self, (const gint64 *) (gpointer) ids->data, ids->len,
                                     cancellable, error);
}

void
rapport_store_load_tickets_async (RapportStore        *self,
                                  const gint64        *ids,
                                  guint                n_ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GArray *copy;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  if (n_ids > 0)
    g_array_append_vals (copy, ids, n_ids);
  _rapport_store_run_async (self, self, rapport_store_load_tickets_async, load_tickets_work,
                            copy, (GDestroyNotify) g_array_unref,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_load_tickets_finish:
 *
 * Returns: (transfer container) (element-type RapportTicket): the loaded tickets
 */
GPtrArray *
rapport_store_load_tickets_finish (RapportStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_load_tickets_async, error);
}

/* find_ticket */

static const char sql_ticket_find[] =
  "SELECT id FROM tickets WHERE account_id = ?1 AND remote_id = ?2";

typedef struct
{
  gint64  account_id;
  char   *remote_id;
} FindTicket;

static void
find_ticket_free (FindTicket *find)
{
  g_free (find->remote_id);
  g_free (find);
}

static gpointer
find_ticket_work (RapportStore  *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  FindTicket *find = data;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 *id = g_new0 (gint64, 1);
  int rc;

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    {
      g_free (id);
      return NULL;
    }
  stmt = _rapport_store_prepare (self, sql_ticket_find, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, find->account_id);
      _rapport_store_bind_text (stmt, 2, find->remote_id);
      rc = _rapport_store_step (stmt, "Looking up a ticket", error);
      if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64 (stmt, 0);
      if (rc == 0)
        g_clear_pointer (&id, g_free);
    }
  else
    g_clear_pointer (&id, g_free);
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (self);

  return id;
}

/**
 * rapport_store_find_ticket_async:
 *
 * Looks up the local id of the ticket @remote_id of account @account_id (0 when the cache
 * does not hold it). A local id may be given again once its ticket is gone; the helpdesk's
 * id is what names a ticket for later (a notification's target).
 */
void
rapport_store_find_ticket_async (RapportStore        *self,
                                 gint64               account_id,
                                 const char          *remote_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FindTicket *find;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (remote_id != NULL);

  find = g_new0 (FindTicket, 1);
  find->account_id = account_id;
  find->remote_id = g_strdup (remote_id);
  _rapport_store_run_async (self, self, rapport_store_find_ticket_async, find_ticket_work,
                            find, (GDestroyNotify) find_ticket_free, g_free, cancellable,
                            callback, user_data);
}

/**
 * rapport_store_find_ticket_finish:
 *
 * Returns: the ticket's local id, 0 when the cache does not hold it, -1 on error
 */
gint64
rapport_store_find_ticket_finish (RapportStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_autofree gint64 *id = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), -1);

  id = _rapport_store_run_finish (self, result, rapport_store_find_ticket_async, error);
  return id != NULL ? *id : -1;
}

/* list_messages */

static gpointer
list_messages_work (RapportStore  *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return rapport_store_list_messages (self, *(gint64 *) data, cancellable, error);
}

void
rapport_store_list_messages_async (RapportStore        *self,
                                   gint64               ticket_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_list_messages_async, list_messages_work,
                            id_new (ticket_id), g_free, (GDestroyNotify) g_ptr_array_unref,
                            cancellable, callback, user_data);
}

/**
 * rapport_store_list_messages_finish:
 *
 * Returns: (transfer container) (element-type RapportMessage): the messages, oldest first
 */
GPtrArray *
rapport_store_list_messages_finish (RapportStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_list_messages_async, error);
}

/* load_customer */

static gpointer
load_customer_work (RapportStore  *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return rapport_store_load_customer (self, *(gint64 *) data, cancellable, error);
}

void
rapport_store_load_customer_async (RapportStore        *self,
                                   gint64               customer_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_load_customer_async, load_customer_work,
                            id_new (customer_id), g_free, g_object_unref,
                            cancellable, callback, user_data);
}

/**
 * rapport_store_load_customer_finish:
 *
 * Returns: (transfer full): the customer
 */
RapportCustomer *
rapport_store_load_customer_finish (RapportStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_load_customer_async, error);
}

/* customer_history */

static gpointer
customer_history_work (RapportStore  *self,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return rapport_store_customer_history (self, *(gint64 *) data, cancellable, error);
}

void
rapport_store_customer_history_async (RapportStore        *self,
                                      gint64               customer_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_customer_history_async,
                            customer_history_work, id_new (customer_id), g_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_customer_history_finish:
 *
 * Returns: (transfer container) (element-type RapportHistoryEntry): newest first
 */
GPtrArray *
rapport_store_customer_history_finish (RapportStore  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_customer_history_async, error);
}

/* customer_history_page; the work leaves completeness and total here for _finish (). */
typedef struct
{
  gint64               customer_id;
  RapportHistoryEntry *after;
  guint                limit;
  gboolean             complete;
  guint                total;
} HistoryPageCall;

static void
history_page_call_free (HistoryPageCall *call)
{
  g_clear_object (&call->after);
  g_free (call);
}

static gpointer
customer_history_page_work (RapportStore  *self,
                            gpointer       data,
                            GCancellable  *cancellable,
                            GError       **error)
{
  HistoryPageCall *call = data;

  return rapport_store_customer_history_page (self, call->customer_id, call->after, call->limit,
                                              &call->complete, &call->total, cancellable, error);
}

void
rapport_store_customer_history_page_async (RapportStore        *self,
                                           gint64               customer_id,
                                           RapportHistoryEntry *after,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  HistoryPageCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (after == NULL || RAPPORT_IS_HISTORY_ENTRY (after));

  call = g_new0 (HistoryPageCall, 1);
  call->customer_id = customer_id;
  /* Immutable: safe to read in the worker. */
  call->after = after != NULL ? g_object_ref (after) : NULL;
  call->limit = limit;
  _rapport_store_run_async (self, self, rapport_store_customer_history_page_async,
                            customer_history_page_work, call,
                            (GDestroyNotify) history_page_call_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_customer_history_page_finish:
 *
 * Returns: (transfer container) (element-type RapportHistoryEntry): newest first
 */
GPtrArray *
rapport_store_customer_history_page_finish (RapportStore  *self,
                                            GAsyncResult  *result,
                                            gboolean      *complete,
                                            guint         *total,
                                            GError       **error)
{
  GPtrArray *entries;
  HistoryPageCall *call;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  entries = _rapport_store_run_finish (self, result, rapport_store_customer_history_page_async,
                                       error);
  if (entries == NULL)
    return NULL;

  call = _rapport_store_run_get_data (result);
  if (complete != NULL)
    *complete = call->complete;
  if (total != NULL)
    *total = call->total;

  return entries;
}

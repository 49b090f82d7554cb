/* rapport-store-apply.c
 *
 * Applying a sync page: its customers (one customer across the backend people that share an
 * email address or a phone number), tickets, messages and deleted tickets, its records set
 * aside, and its cursor, in one transaction.
 *
 * A record the store refuses (a ticket without a remote id, a message of a ticket it does not
 * hold, text it does not keep …) would roll the whole page back. Instead the transaction is
 * rolled back, the record is set aside with the reason, and the page applied again without it
 * (and, for a ticket, without its messages): the happy path pays nothing, a page with k
 * refused records is applied k + 1 times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-store-private.h"

#include <json-glib/json-glib.h>

#define TICKET_COLUMNS \
  "subject = ?3, status = ?4, priority = ?5, channel = ?6, customer_id = ?7, " \
  "requester_remote_id = ?8, assignee_remote_id = ?9, assignee_name = ?10, queue = ?11, " \
  "tags = ?12, created_at = ?13, updated_at = ?14, solved_at = ?15"
#define TICKET_DIFFERS \
  "(subject IS NOT ?3 OR status IS NOT ?4 OR priority IS NOT ?5 OR channel IS NOT ?6 " \
  "OR customer_id IS NOT ?7 OR requester_remote_id IS NOT ?8 OR assignee_remote_id IS NOT ?9 " \
  "OR assignee_name IS NOT ?10 OR queue IS NOT ?11 OR tags IS NOT ?12 OR created_at IS NOT ?13 " \
  "OR updated_at IS NOT ?14 OR solved_at IS NOT ?15)"

static const char *sql_cursor_set =
  "INSERT INTO sync_state (account_id, resource, cursor, updated_at) VALUES (?1, ?2, ?3, ?4) "
  "ON CONFLICT (account_id, resource) DO UPDATE SET cursor = excluded.cursor, "
  "updated_at = excluded.updated_at";
static const char *sql_link_get =
  "SELECT customer_id, is_primary FROM customer_links WHERE account_id = ?1 AND remote_id = ?2";
static const char *sql_link_insert =
  "INSERT INTO customer_links (account_id, remote_id, customer_id, is_primary) "
  "VALUES (?1, ?2, ?3, ?4)";
static const char *sql_identity_owner =
  "SELECT customer_id FROM identities WHERE channel = ?1 AND normalized = ?2";
static const char *sql_identity_insert =
  "INSERT INTO identities (customer_id, channel, address, normalized) VALUES (?1, ?2, ?3, ?4) "
  "ON CONFLICT DO NOTHING";
static const char *sql_customer_insert =
  "INSERT INTO customers (display_name, organization, created_at) VALUES (?1, ?2, ?3)";
static const char *sql_customer_update_primary =
  "UPDATE customers SET display_name = ?2, organization = ?3 "
  "WHERE id = ?1 AND (display_name IS NOT ?2 OR organization IS NOT ?3)";
static const char *sql_customer_fill =
  "UPDATE customers SET display_name = COALESCE (display_name, ?2), "
  "organization = COALESCE (organization, ?3) "
  "WHERE id = ?1 AND ((display_name IS NULL AND ?2 IS NOT NULL) "
  "OR (organization IS NULL AND ?3 IS NOT NULL))";
static const char *sql_ticket_insert =
  "INSERT INTO tickets (account_id, remote_id, subject, status, priority, channel, customer_id, "
  "requester_remote_id, assignee_remote_id, assignee_name, queue, tags, created_at, updated_at, "
  "solved_at, message_count, last_message_preview) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
  "ON CONFLICT (account_id, remote_id) DO NOTHING";
static const char *sql_ticket_existing =
  "SELECT id, subject, created_at FROM tickets "
  "WHERE account_id = ?1 AND remote_id = ?2";
static const char *sql_ticket_update =
  "UPDATE tickets SET " TICKET_COLUMNS " "
  "WHERE account_id = ?1 AND remote_id = ?2 AND " TICKET_DIFFERS;
static const char *sql_ticket_delete =
  "DELETE FROM tickets WHERE id = ?1";

/* Whether json-glib writes @tag as it is between quotes: valid UTF-8 with nothing to escape. */
static gboolean
tag_is_plain (const char *tag)
{
  gboolean ascii = TRUE;

  for (const char *p = tag; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
        return FALSE;
      if ((guchar) *p >= 0x80)
        ascii = FALSE;
    }

  return ascii || g_utf8_validate (tag, -1, NULL);
}

/* The tags as a JSON array, as json-glib writes it (the row is compared as text when a page
 * brings the ticket again). Tags with nothing to escape, all of them in practice, are written
 * here without building the JSON tree (json-glib took about a tenth of a ticket's cost). */
static char *
tags_to_json (const char * const *tags)
{
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(JsonNode) node = NULL;
  GString *plain = g_string_new ("[");
  guint i;

  for (i = 0; tags != NULL && tags[i] != NULL && tag_is_plain (tags[i]); i++)
    {
      if (i > 0)
        g_string_append_c (plain, ',');
      g_string_append_c (plain, '"');
      g_string_append (plain, tags[i]);
      g_string_append_c (plain, '"');
    }

  if (tags == NULL || tags[i] == NULL)
    return g_string_free (g_string_append_c (plain, ']'), FALSE);

  g_string_free (plain, TRUE);
  array = json_array_new ();
  node = json_node_new (JSON_NODE_ARRAY);
  for (i = 0; tags[i] != NULL; i++)
    json_array_add_string_element (array, tags[i]);

  json_node_set_array (node, array);

  return json_to_string (node, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Applying a sync page
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  RapportStore           *store;
  gint64                  account_id;
  GHashTable             *customers;   /* remote id → gint64* local id */
  GHashTable             *tickets;     /* remote id → gint64* local id */
  RapportStoreWriter     *writer;      /* messages, the search index and the tickets' counts */
  RapportStoreViewCounts *view_counts; /* the tickets inserted, not counted yet */
  GHashTable             *page_stats;  /* ticket remote id → PageStats of the page's messages */
  GHashTable             *skip;        /* refused records, by _rapport_store_set_aside_skip_key */

  /* The record being applied when the apply failed. */
  gboolean                has_culprit;
  RapportRecordKind       culprit_kind;
  const char             *culprit_id;
  const char             *culprit_parent;
} PageApply;

/* The messages the page brings for one ticket: a ticket the page inserts is written with the
 * count and preview they will give it, so that the flush need not update the row again. */
typedef struct
{
  const char *newest_public_body; /* borrowed from the page */
  gint64      newest_public_at;
  guint       n;
} PageStats;

static void
page_apply_clear (PageApply *apply)
{
  g_clear_pointer (&apply->customers, g_hash_table_unref);
  g_clear_pointer (&apply->tickets, g_hash_table_unref);
  g_clear_pointer (&apply->writer, _rapport_store_writer_free);
  g_clear_pointer (&apply->view_counts, _rapport_store_view_counts_free);
  g_clear_pointer (&apply->page_stats, g_hash_table_unref);
}

static gboolean
skipped (PageApply         *apply,
         RapportRecordKind  kind,
         const char        *remote_id)
{
  g_autofree char *key = NULL;

  if (g_hash_table_size (apply->skip) == 0)
    return FALSE;

  key = _rapport_store_set_aside_skip_key (kind, remote_id);
  return g_hash_table_contains (apply->skip, key);
}

/* Adds up the page's messages per ticket, as the writer will count them once inserted: all
 * of them but the refused ones, and the newest public one (the later in the page of two at
 * the same time). */
static void
collect_page_stats (PageApply       *apply,
                    RapportSyncPage *page)
{
  for (guint i = 0; page->messages != NULL && i < page->messages->len; i++)
    {
      RapportMessage *message = page->messages->pdata[i];
      const char *ticket_remote_id = rapport_message_get_ticket_remote_id (message);
      gint64 created_at = rapport_message_get_created_at (message);
      PageStats *stats;

      if (ticket_remote_id == NULL)
        continue; /* refused when the message is applied */
      /* Refused, or a refused ticket's: not written. */
      if (skipped (apply, RAPPORT_RECORD_MESSAGE, rapport_message_get_remote_id (message)) ||
          skipped (apply, RAPPORT_RECORD_TICKET, ticket_remote_id))
        continue;

      stats = g_hash_table_lookup (apply->page_stats, ticket_remote_id);
      if (stats == NULL)
        {
          stats = g_new0 (PageStats, 1);
          g_hash_table_insert (apply->page_stats, (gpointer) ticket_remote_id, stats);
        }

      stats->n++;
      if (rapport_message_get_visibility (message) == RAPPORT_VISIBILITY_PUBLIC &&
          (stats->newest_public_body == NULL || created_at >= stats->newest_public_at))
        {
          const char *body = rapport_message_get_body (message);

          stats->newest_public_body = body != NULL ? body : "";
          stats->newest_public_at = created_at;
        }
    }
}

static void
remember_id (GHashTable *table,
             const char *remote_id,
             gint64      id)
{
  g_hash_table_insert (table, g_strdup (remote_id), g_memdup2 (&id, sizeof id));
}

static gint64
recall_id (GHashTable *table,
           const char *remote_id)
{
  gint64 *id = g_hash_table_lookup (table, remote_id);

  return id != NULL ? *id : 0;
}

static gboolean
link_customer (PageApply   *apply,
               const char  *remote_id,
               gint64       customer_id,
               gboolean     is_primary,
               GError     **error)
{
  RapportStore *self = apply->store;
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_link_insert, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, apply->account_id);
  _rapport_store_bind_text (stmt, 2, remote_id);
  sqlite3_bind_int64 (stmt, 3, customer_id);
  sqlite3_bind_int (stmt, 4, is_primary);

  if (!_rapport_store_step_done (stmt, "Linking a customer", error))
    return FALSE;

  remember_id (apply->customers, remote_id, customer_id);

  return TRUE;
}

static gint64
insert_customer (PageApply   *apply,
                 const char  *display_name,
                 const char  *organization,
                 GError     **error)
{
  RapportStore *self = apply->store;
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_customer_insert, error);

  if (stmt == NULL)
    return 0;

  _rapport_store_bind_text (stmt, 1, display_name);
  _rapport_store_bind_text (stmt, 2, organization);
  sqlite3_bind_int64 (stmt, 3, _rapport_store_now ());

  if (!_rapport_store_step_done (stmt, "Adding a customer", error))
    return 0;

  return _rapport_store_inserted_id (self);
}

/* Looks up the local customer of a backend person: this page first, then the links. Returns
 * 0 when unknown (not an error), -1 on error. */
static gint64
lookup_customer (PageApply   *apply,
                 const char  *remote_id,
                 gboolean    *is_primary,
                 GError     **error)
{
  RapportStore *self = apply->store;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 id;
  int rc;

  if (is_primary == NULL && (id = recall_id (apply->customers, remote_id)) != 0)
    return id;

  stmt = _rapport_store_prepare (self, sql_link_get, error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, apply->account_id);
  _rapport_store_bind_text (stmt, 2, remote_id);

  rc = _rapport_store_step (stmt, "Looking up a customer", error);
  if (rc == 0)
    return -1;
  if (rc == SQLITE_DONE)
    return 0;

  id = sqlite3_column_int64 (stmt, 0);
  if (is_primary != NULL)
    *is_primary = sqlite3_column_int (stmt, 1) != 0;

  remember_id (apply->customers, remote_id, id);

  return id;
}

/* The customer who already owns one of @customer's email or phone identities, 0 if none. */
static gint64
find_customer_by_identity (PageApply        *apply,
                           RapportCustomer  *customer,
                           GError          **error)
{
  RapportStore *self = apply->store;
  GListModel *identities = rapport_customer_get_identities (customer);
  guint n = g_list_model_get_n_items (identities);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);
      RapportChannel channel = rapport_identity_get_channel (identity);
      const char *normalized = rapport_identity_get_normalized (identity);
      g_autoptr(RapportStoreStmt) stmt = NULL;
      int rc;

      if (normalized == NULL ||
          (channel != RAPPORT_CHANNEL_EMAIL && channel != RAPPORT_CHANNEL_PHONE))
        continue;

      stmt = _rapport_store_prepare (self, sql_identity_owner, error);
      if (stmt == NULL)
        return -1;

      _rapport_store_bind_text (stmt, 1, rapport_channel_to_string (channel));
      _rapport_store_bind_text (stmt, 2, normalized);

      rc = _rapport_store_step (stmt, "Looking up an identity", error);
      if (rc == 0)
        return -1;
      if (rc == SQLITE_ROW)
        return sqlite3_column_int64 (stmt, 0);
    }

  return 0;
}

static gboolean
update_customer_fields (PageApply        *apply,
                        gint64            customer_id,
                        gboolean          is_primary,
                        RapportCustomer  *customer,
                        GError          **error)
{
  RapportStore *self = apply->store;
  g_autoptr(RapportStoreStmt) stmt = NULL;

  /* The backend person that created the customer names it; linked ones only fill gaps. */
  stmt = _rapport_store_prepare (self, is_primary ? sql_customer_update_primary
                                                 : sql_customer_fill, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  _rapport_store_bind_text (stmt, 2, rapport_customer_get_display_name (customer));
  _rapport_store_bind_text (stmt, 3, rapport_customer_get_organization (customer));

  return _rapport_store_step_done (stmt, "Updating a customer", error);
}

static gboolean
apply_customer (PageApply        *apply,
                RapportCustomer  *customer,
                GError          **error)
{
  RapportStore *self = apply->store;
  const char *remote_id = rapport_customer_get_remote_id (customer);
  GListModel *identities = rapport_customer_get_identities (customer);
  guint n_identities = g_list_model_get_n_items (identities);
  gboolean is_primary = FALSE;
  gint64 customer_id;

  if (remote_id == NULL || remote_id[0] == '\0')
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "A customer in the page has no remote id");
      return FALSE;
    }

  customer_id = lookup_customer (apply, remote_id, &is_primary, error);
  if (customer_id < 0)
    return FALSE;

  if (customer_id == 0)
    {
      customer_id = find_customer_by_identity (apply, customer, error);
      if (customer_id < 0)
        return FALSE;

      if (customer_id == 0)
        {
          customer_id = insert_customer (apply,
                                         rapport_customer_get_display_name (customer),
                                         rapport_customer_get_organization (customer),
                                         error);
          if (customer_id == 0)
            return FALSE;

          if (!link_customer (apply, remote_id, customer_id, TRUE, error))
            return FALSE;
        }
      else
        {
          if (!link_customer (apply, remote_id, customer_id, FALSE, error) ||
              !update_customer_fields (apply, customer_id, FALSE, customer, error))
            return FALSE;
        }
    }
  else if (!update_customer_fields (apply, customer_id, is_primary, customer, error))
    {
      return FALSE;
    }

  for (guint i = 0; i < n_identities; i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);
      RapportChannel channel = rapport_identity_get_channel (identity);
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_identity_insert, error);

      if (stmt == NULL)
        return FALSE;

      /* An address that already belongs to a customer stays with it (ON CONFLICT DO NOTHING). */
      sqlite3_bind_int64 (stmt, 1, customer_id);
      _rapport_store_bind_text (stmt, 2, rapport_channel_to_string (channel));
      _rapport_store_bind_text (stmt, 3, rapport_identity_get_address (identity));
      _rapport_store_bind_text (stmt, 4, rapport_identity_get_normalized (identity));

      if (!_rapport_store_step_done (stmt, "Adding an identity", error))
        return FALSE;
    }

  return TRUE;
}

/* The customer of a ticket's requester; a requester the backend has not described yet gets
 * a customer named after its remote id, renamed when the backend describes it. */
static gint64
resolve_requester (PageApply   *apply,
                   const char  *remote_id,
                   GError     **error)
{
  gint64 customer_id;

  if (remote_id == NULL || remote_id[0] == '\0')
    return 0;

  customer_id = lookup_customer (apply, remote_id, NULL, error);
  if (customer_id != 0)
    return customer_id;

  customer_id = insert_customer (apply, remote_id, NULL, error);
  if (customer_id == 0)
    return -1;

  if (!link_customer (apply, remote_id, customer_id, TRUE, error))
    return -1;

  return customer_id;
}

/* The text indexed for a ticket or message; must equal what is stored (NULL is stored as ""). */
static const char *
ticket_subject (RapportTicket *ticket)
{
  const char *subject = rapport_ticket_get_subject (ticket);

  return subject != NULL ? subject : "";
}

static void
bind_ticket (sqlite3_stmt  *stmt,
             gint64         account_id,
             RapportTicket *ticket,
             gint64         customer_id,
             const char    *tags_json)
{
  RapportTicketStatus status = rapport_ticket_get_status (ticket);
  RapportTicketPriority priority = rapport_ticket_get_priority (ticket);
  RapportChannel channel = rapport_ticket_get_channel (ticket);

  sqlite3_bind_int64 (stmt, 1, account_id);
  _rapport_store_bind_text (stmt, 2, rapport_ticket_get_remote_id (ticket));
  _rapport_store_bind_text (stmt, 3, ticket_subject (ticket));
  _rapport_store_bind_text (stmt, 4, rapport_ticket_status_to_string (status));
  _rapport_store_bind_text (stmt, 5, rapport_ticket_priority_to_string (priority));
  _rapport_store_bind_text (stmt, 6, rapport_channel_to_string (channel));
  _rapport_store_bind_id_or_null (stmt, 7, customer_id);
  _rapport_store_bind_text_or_null (stmt, 8, rapport_ticket_get_requester_remote_id (ticket));
  _rapport_store_bind_text_or_null (stmt, 9, rapport_ticket_get_assignee_remote_id (ticket));
  _rapport_store_bind_text_or_null (stmt, 10, rapport_ticket_get_assignee_name (ticket));
  _rapport_store_bind_text_or_null (stmt, 11, rapport_ticket_get_queue (ticket));
  _rapport_store_bind_text (stmt, 12, tags_json);
  sqlite3_bind_int64 (stmt, 13, rapport_ticket_get_created_at (ticket));
  sqlite3_bind_int64 (stmt, 14, rapport_ticket_get_updated_at (ticket));
  sqlite3_bind_int64 (stmt, 15, rapport_ticket_get_solved_at (ticket));
}

static gboolean
check_ticket (RapportTicket  *ticket,
              GError        **error)
{
  const char *remote_id = rapport_ticket_get_remote_id (ticket);

  if (remote_id == NULL || remote_id[0] == '\0')
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "A ticket in the page has no remote id");
      return FALSE;
    }

  if (rapport_ticket_status_to_string (rapport_ticket_get_status (ticket)) == NULL ||
      rapport_ticket_priority_to_string (rapport_ticket_get_priority (ticket)) == NULL ||
      rapport_channel_to_string (rapport_ticket_get_channel (ticket)) == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "Ticket %s has an invalid status, priority or channel", remote_id);
      return FALSE;
    }

  return TRUE;
}

/* Updates an existing ticket, re-indexing its subject when it changed. */
static gboolean
update_ticket (PageApply      *apply,
               RapportTicket  *ticket,
               gint64          customer_id,
               const char     *tags_json,
               gint64         *ticket_id,
               GError        **error)
{
  RapportStore *self = apply->store;
  const char *subject = ticket_subject (ticket);
  g_autofree char *old_subject = NULL;
  gint64 old_created_at, old_key, key;
  gboolean reindex;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_ticket_existing, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, apply->account_id);
    _rapport_store_bind_text (stmt, 2, rapport_ticket_get_remote_id (ticket));

    if (_rapport_store_step (stmt, "Reading a ticket", error) != SQLITE_ROW)
      {
        if (error != NULL && *error == NULL)
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED,
                       "Ticket %s was neither added nor found",
                       rapport_ticket_get_remote_id (ticket));
        return FALSE;
      }

    *ticket_id = sqlite3_column_int64 (stmt, 0);
    old_subject = g_strdup (_rapport_store_column_text (stmt, 1));
    old_created_at = sqlite3_column_int64 (stmt, 2);
  }

  if (!_rapport_store_search_key (old_created_at, *ticket_id, RAPPORT_SEARCH_KIND_TICKET,
                                  &old_key, error) ||
      !_rapport_store_search_key (rapport_ticket_get_created_at (ticket), *ticket_id,
                                  RAPPORT_SEARCH_KIND_TICKET, &key, error))
    return FALSE;

  reindex = key != old_key || g_strcmp0 (old_subject, subject) != 0;
  if (reindex && !_rapport_store_writer_unindex (apply->writer, old_key, old_subject, error))
    return FALSE;

  if (!_rapport_store_view_counts_flush (apply->view_counts, error))
    return FALSE;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_ticket_update, error);

    if (stmt == NULL)
      return FALSE;

    bind_ticket (stmt, apply->account_id, ticket, customer_id, tags_json);
    if (!_rapport_store_step_done (stmt, "Updating a ticket", error))
      return FALSE;
  }

  if (reindex)
    _rapport_store_writer_index (apply->writer, key, subject);

  return TRUE;
}

static gboolean
apply_ticket (PageApply      *apply,
              RapportTicket  *ticket,
              GError        **error)
{
  RapportStore *self = apply->store;
  const char *remote_id = rapport_ticket_get_remote_id (ticket);
  g_autofree char *tags_json = NULL;
  g_autofree char *preview = NULL;
  PageStats *stats;
  gint64 customer_id, ticket_id, key;

  if (!check_ticket (ticket, error))
    return FALSE;

  customer_id = resolve_requester (apply, rapport_ticket_get_requester_remote_id (ticket), error);
  if (customer_id < 0)
    return FALSE;

  tags_json = tags_to_json (rapport_ticket_get_tags (ticket));

  stats = g_hash_table_lookup (apply->page_stats, remote_id);
  if (stats != NULL && stats->newest_public_body != NULL)
    preview = rapport_summarize_body (stats->newest_public_body);

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_ticket_insert, error);

    if (stmt == NULL)
      return FALSE;

    bind_ticket (stmt, apply->account_id, ticket, customer_id, tags_json);
    sqlite3_bind_int64 (stmt, 16, stats != NULL ? stats->n : 0);
    _rapport_store_bind_text (stmt, 17, preview);
    if (!_rapport_store_step_done (stmt, "Adding a ticket", error))
      return FALSE;

    ticket_id = _rapport_store_inserted_id (self);
  }

  if (ticket_id != 0)
    {
      if (!_rapport_store_search_key (rapport_ticket_get_created_at (ticket), ticket_id,
                                      RAPPORT_SEARCH_KIND_TICKET, &key, error))
        return FALSE;

      _rapport_store_writer_index (apply->writer, key, ticket_subject (ticket));
      _rapport_store_writer_created_ticket (apply->writer, ticket_id,
                                            stats != NULL ? stats->n : 0,
                                            stats != NULL ? stats->newest_public_body : NULL);
      _rapport_store_view_counts_add (apply->view_counts, ticket);
    }
  else if (!update_ticket (apply, ticket, customer_id, tags_json, &ticket_id, error))
    {
      /* Nothing inserted: the ticket exists. */
      return FALSE;
    }

  remember_id (apply->tickets, remote_id, ticket_id);

  return TRUE;
}

static gint64
lookup_ticket (PageApply   *apply,
               const char  *remote_id,
               GError     **error)
{
  RapportStore *self = apply->store;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 id;
  int rc;

  if ((id = recall_id (apply->tickets, remote_id)) != 0)
    return id;

  stmt = _rapport_store_prepare (self, sql_ticket_existing, error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, apply->account_id);
  _rapport_store_bind_text (stmt, 2, remote_id);

  rc = _rapport_store_step (stmt, "Looking up a ticket", error);
  if (rc == 0)
    return -1;
  if (rc == SQLITE_DONE)
    return 0;

  id = sqlite3_column_int64 (stmt, 0);
  remember_id (apply->tickets, remote_id, id);

  return id;
}

static gboolean
apply_message (PageApply       *apply,
               RapportMessage  *message,
               GError         **error)
{
  const char *remote_id = rapport_message_get_remote_id (message);
  const char *ticket_remote_id = rapport_message_get_ticket_remote_id (message);
  gint64 ticket_id, author_customer_id = 0;

  if (remote_id == NULL || remote_id[0] == '\0' || ticket_remote_id == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "A message in the page has no remote id or no ticket");
      return FALSE;
    }

  ticket_id = lookup_ticket (apply, ticket_remote_id, error);
  if (ticket_id < 0)
    return FALSE;
  if (ticket_id == 0)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "Message %s belongs to ticket %s, which is not in the store",
                   remote_id, ticket_remote_id);
      return FALSE;
    }

  if (rapport_message_get_author_kind (message) == RAPPORT_AUTHOR_CUSTOMER &&
      rapport_message_get_author_remote_id (message) != NULL)
    {
      author_customer_id = lookup_customer (apply, rapport_message_get_author_remote_id (message),
                                            NULL, error);
      if (author_customer_id < 0)
        return FALSE;
    }

  return _rapport_store_write_message (apply->writer, ticket_id, message, author_customer_id, 0,
                                       error) != 0;
}

static gboolean
delete_ticket (PageApply   *apply,
               const char  *remote_id,
               GError     **error)
{
  RapportStore *self = apply->store;
  g_autofree char *subject = NULL;
  gint64 ticket_id, created_at;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_ticket_existing, error);
    int rc;

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, apply->account_id);
    _rapport_store_bind_text (stmt, 2, remote_id);

    rc = _rapport_store_step (stmt, "Reading a ticket", error);
    if (rc == 0)
      return FALSE;
    if (rc == SQLITE_DONE)
      return TRUE; /* already gone */

    ticket_id = sqlite3_column_int64 (stmt, 0);
    subject = g_strdup (_rapport_store_column_text (stmt, 1));
    created_at = sqlite3_column_int64 (stmt, 2);
  }

  if (!_rapport_store_writer_unindex_ticket (apply->writer, ticket_id, created_at, subject,
                                             error))
    return FALSE;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_ticket_delete, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, ticket_id);
    if (!_rapport_store_step_done (stmt, "Deleting a ticket", error))
      return FALSE;
  }

  _rapport_store_writer_forget_ticket (apply->writer, ticket_id);
  g_hash_table_remove (apply->tickets, remote_id);

  return TRUE;
}

static gboolean
store_cursor (PageApply        *apply,
              RapportSyncPage  *page,
              GError          **error)
{
  RapportStore *self = apply->store;
  g_autoptr(RapportStoreStmt) stmt = NULL;

  if (page->next_cursor == NULL)
    return TRUE;

  if (page->resource == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "A page with a cursor must name its resource");
      return FALSE;
    }

  stmt = _rapport_store_prepare (self, sql_cursor_set, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, apply->account_id);
  _rapport_store_bind_text (stmt, 2, page->resource);
  _rapport_store_bind_text (stmt, 3, page->next_cursor);
  sqlite3_bind_int64 (stmt, 4, _rapport_store_now ());

  return _rapport_store_step_done (stmt, "Storing the sync cursor", error);
}

static void
set_culprit (PageApply         *apply,
             RapportRecordKind  kind,
             const char        *remote_id,
             const char        *parent_remote_id)
{
  apply->has_culprit = TRUE;
  apply->culprit_kind = kind;
  apply->culprit_id = remote_id;
  apply->culprit_parent = parent_remote_id;
}

/* Applies @page in the transaction the caller opened, leaving out the records in
 * apply->skip; on failure, apply->has_culprit says whether a record was being applied. */
static gboolean
apply_page_locked (PageApply        *apply,
                   RapportSyncPage  *page,
                   GPtrArray        *refused,
                   gboolean         *changed,
                   GError          **error)
{
  RapportStore *self = apply->store;
  gint64 changes_before = sqlite3_total_changes64 (self->db);

  collect_page_stats (apply, page);

  for (guint i = 0; page->customers != NULL && i < page->customers->len; i++)
    {
      RapportCustomer *customer = page->customers->pdata[i];
      const char *remote_id = rapport_customer_get_remote_id (customer);

      if (skipped (apply, RAPPORT_RECORD_CUSTOMER, remote_id))
        continue;
      if (!apply_customer (apply, customer, error))
        {
          set_culprit (apply, RAPPORT_RECORD_CUSTOMER, remote_id, NULL);
          return FALSE;
        }
    }

  for (guint i = 0; page->tickets != NULL && i < page->tickets->len; i++)
    {
      RapportTicket *ticket = page->tickets->pdata[i];
      const char *remote_id = rapport_ticket_get_remote_id (ticket);

      if (skipped (apply, RAPPORT_RECORD_TICKET, remote_id))
        continue;
      if (!apply_ticket (apply, ticket, error))
        {
          set_culprit (apply, RAPPORT_RECORD_TICKET, remote_id, NULL);
          return FALSE;
        }
    }

  for (guint i = 0; page->messages != NULL && i < page->messages->len; i++)
    {
      RapportMessage *message = page->messages->pdata[i];
      const char *remote_id = rapport_message_get_remote_id (message);
      const char *ticket_remote_id = rapport_message_get_ticket_remote_id (message);

      /* A refused ticket's messages wait with it. */
      if (skipped (apply, RAPPORT_RECORD_MESSAGE, remote_id) ||
          (ticket_remote_id != NULL &&
           skipped (apply, RAPPORT_RECORD_TICKET, ticket_remote_id)))
        continue;
      if (!apply_message (apply, message, error))
        {
          set_culprit (apply, RAPPORT_RECORD_MESSAGE, remote_id, ticket_remote_id);
          return FALSE;
        }
    }

  if (!_rapport_store_writer_flush (apply->writer, error) ||
      !_rapport_store_view_counts_flush (apply->view_counts, error))
    return FALSE;

  for (guint i = 0; page->deleted_ticket_ids != NULL && i < page->deleted_ticket_ids->len; i++)
    {
      if (!delete_ticket (apply, page->deleted_ticket_ids->pdata[i], error))
        return FALSE;
    }

  {
    const char *culprit = NULL;

    if (!_rapport_store_apply_money_page (self, apply->account_id, page, apply->skip, &culprit,
                                          error))
      {
        if (culprit != NULL)
          set_culprit (apply, RAPPORT_RECORD_MONEY, culprit, NULL);
        return FALSE;
      }
  }

  *changed = sqlite3_total_changes64 (self->db) != changes_before;

  return _rapport_store_set_aside_apply (self, apply->account_id, page, refused, apply->skip,
                                         error) &&
         store_cursor (apply, page, error);
}

/* Whether @error is a refusal of one record (bad input), not a failure of the store. */
static gboolean
is_refusal (const GError *error)
{
  return g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID) ||
         g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CONSTRAINT);
}

gboolean
rapport_store_apply_page (RapportStore     *self,
                          gint64            account_id,
                          RapportSyncPage  *page,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GHashTable) skip = NULL;
  gboolean changed = FALSE;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  refused = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
  skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (;;)
    {
      PageApply apply = { 0 };
      g_autoptr(GError) local_error = NULL;
      RapportSetAside *record;

      if (_rapport_store_begin (self, cancellable, "Starting to apply a page", error) == NULL)
        return FALSE;

      apply.store = self;
      apply.account_id = account_id;
      apply.customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      apply.tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      apply.writer = _rapport_store_writer_new (self,
                                                page->messages ? page->messages->len + 16 : 16);
      apply.view_counts = _rapport_store_view_counts_new (self, account_id);
      apply.page_stats = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      apply.skip = skip;

      ok = apply_page_locked (&apply, page, refused, &changed, &local_error);

      if (ok || !apply.has_culprit || !is_refusal (local_error) ||
          refused->len >= RAPPORT_STORE_MAX_REFUSED)
        {
          page_apply_clear (&apply);
          if (!ok)
            g_propagate_error (error, g_steal_pointer (&local_error));
          if (!_rapport_store_end (self, ok, error))
            return FALSE;
          break;
        }

      /* One record refused: roll back, set it aside, apply the rest again. */
      record = rapport_set_aside_new (apply.culprit_kind, apply.culprit_id, apply.culprit_parent,
                                      local_error->message);
      g_debug ("Setting %s %s aside: %s", rapport_record_kind_to_string (record->kind),
               record->remote_id, record->reason);
      g_hash_table_add (skip, _rapport_store_set_aside_skip_key (record->kind,
                                                                 apply.culprit_id));
      g_ptr_array_add (refused, record);
      page_apply_clear (&apply);
      _rapport_store_end (self, FALSE, NULL);
    }

  if (changed)
    _rapport_store_emit_changed (self, account_id);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * The asynchronous wrapper, through the store's thread runner
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64           account_id;
  RapportSyncPage *page; /* borrowed: the caller keeps it until the callback */
} ApplyCall;

static gpointer
apply_page_work (RapportStore  *self,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ApplyCall *call = data;

  return RAPPORT_STORE_WORK_BOOLEAN (rapport_store_apply_page (self, call->account_id, call->page,
                                                               cancellable, error));
}

void
rapport_store_apply_page_async (RapportStore        *self,
                                gint64               account_id,
                                RapportSyncPage     *page,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ApplyCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (page != NULL);

  call = g_new0 (ApplyCall, 1);
  call->account_id = account_id;
  call->page = page;
  _rapport_store_run_async (self, self, rapport_store_apply_page_async, apply_page_work,
                            call, g_free, NULL, cancellable, callback, user_data);
}

gboolean
rapport_store_apply_page_finish (RapportStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return _rapport_store_run_finish_boolean (self, result, rapport_store_apply_page_async, error);
}


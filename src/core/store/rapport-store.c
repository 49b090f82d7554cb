/* rapport-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-core-resources.h"
#include "rapport-store-private.h"
#include "rapport-ticket-private.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define SQL_RESOURCE_DIR      "/io/github/rapportdesk/Rapport/core/sql"
#define BUSY_TIMEOUT_MS       5000
#define PROGRESS_OPS          1000
#define RECENTLY_SOLVED_DAYS  30
#define SEARCH_PREFIX_MIN_CHARS 4 /* the last word of a query is a prefix from this length */
#define SEARCH_SNIPPET_BEFORE 4   /* words of context before the match */
#define SEARCH_SNIPPET_AFTER  12  /* and after it */

G_DEFINE_QUARK (rapport-store-error-quark, rapport_store_error)

/* Every statement the store runs more than once, prepared once with
 * SQLITE_PREPARE_PERSISTENT on first use and kept until the store is closed. */
typedef enum
{
  STMT_ACCOUNT_INSERT,
  STMT_ACCOUNT_LIST,
  STMT_ACCOUNT_USER,
  STMT_CURSOR_GET,
  STMT_CURSOR_SET,
  STMT_LINK_GET,
  STMT_LINK_INSERT,
  STMT_IDENTITY_OWNER,
  STMT_IDENTITY_INSERT,
  STMT_CUSTOMER_INSERT,
  STMT_CUSTOMER_UPDATE_PRIMARY,
  STMT_CUSTOMER_FILL,
  STMT_TICKET_INSERT,
  STMT_TICKET_EXISTING,
  STMT_TICKET_UPDATE,
  STMT_TICKET_MESSAGE_DOCS,
  STMT_TICKET_DELETE,
  STMT_NEWEST_UPDATE,
  STMT_COUNT_MY_OPEN,
  STMT_COUNT_UNASSIGNED,
  STMT_COUNT_ALL_OPEN,
  STMT_COUNT_RECENTLY_SOLVED,
  STMT_LIST_MY_OPEN,
  STMT_LIST_UNASSIGNED,
  STMT_LIST_ALL_OPEN,
  STMT_LIST_RECENTLY_SOLVED,
  STMT_TICKET_LOAD,
  STMT_MESSAGE_LIST,
  STMT_CUSTOMER_LOAD,
  STMT_CUSTOMER_IDENTITIES,
  STMT_CUSTOMER_COUNTS,
  STMT_CUSTOMER_LAST_CONTACT,
  STMT_CUSTOMER_HISTORY,
  STMT_SEARCH,
  STMT_SEARCH_DOC_MESSAGE,
  STMT_SEARCH_DOC_TICKET,
  STMT_SEARCH_HIT_TICKET,
  STMT_SEARCH_HIT_MESSAGE,
  STMT_ACCOUNT_IDENTITY,
  STMT_ASSIGNEE_LIST,
  N_STMTS
} StmtId;

#define TICKET_COLUMNS \
  "subject = ?3, status = ?4, priority = ?5, channel = ?6, customer_id = ?7, " \
  "requester_remote_id = ?8, assignee_remote_id = ?9, assignee_name = ?10, queue = ?11, " \
  "tags = ?12, created_at = ?13, updated_at = ?14, solved_at = ?15"
#define TICKET_DIFFERS \
  "(subject IS NOT ?3 OR status IS NOT ?4 OR priority IS NOT ?5 OR channel IS NOT ?6 " \
  "OR customer_id IS NOT ?7 OR requester_remote_id IS NOT ?8 OR assignee_remote_id IS NOT ?9 " \
  "OR assignee_name IS NOT ?10 OR queue IS NOT ?11 OR tags IS NOT ?12 OR created_at IS NOT ?13 " \
  "OR updated_at IS NOT ?14 OR solved_at IS NOT ?15)"
#define TICKET_ORDER_OPEN   " ORDER BY updated_at DESC, id DESC"
#define TICKET_ORDER_SOLVED " ORDER BY solved_at DESC, id DESC"

static const char * const stmt_sql[N_STMTS] = {
  [STMT_ACCOUNT_INSERT] =
    "INSERT INTO accounts (provider_kind, base_url, display_name, user_remote_id, user_name, "
    "role, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_ACCOUNT_LIST] =
    "SELECT id, provider_kind, base_url, display_name, user_remote_id, user_name, role "
    "FROM accounts ORDER BY id",
  [STMT_ACCOUNT_USER] =
    "SELECT user_remote_id FROM accounts WHERE id = ?1",
  [STMT_CURSOR_GET] =
    "SELECT cursor FROM sync_state WHERE account_id = ?1 AND resource = ?2",
  [STMT_CURSOR_SET] =
    "INSERT INTO sync_state (account_id, resource, cursor, updated_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (account_id, resource) DO UPDATE SET cursor = excluded.cursor, "
    "updated_at = excluded.updated_at",
  [STMT_LINK_GET] =
    "SELECT customer_id, is_primary FROM customer_links WHERE account_id = ?1 AND remote_id = ?2",
  [STMT_LINK_INSERT] =
    "INSERT INTO customer_links (account_id, remote_id, customer_id, is_primary) "
    "VALUES (?1, ?2, ?3, ?4)",
  [STMT_IDENTITY_OWNER] =
    "SELECT customer_id FROM identities WHERE channel = ?1 AND normalized = ?2",
  [STMT_IDENTITY_INSERT] =
    "INSERT INTO identities (customer_id, channel, address, normalized) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT DO NOTHING",
  [STMT_CUSTOMER_INSERT] =
    "INSERT INTO customers (display_name, organization, created_at) VALUES (?1, ?2, ?3)",
  [STMT_CUSTOMER_UPDATE_PRIMARY] =
    "UPDATE customers SET display_name = ?2, organization = ?3 "
    "WHERE id = ?1 AND (display_name IS NOT ?2 OR organization IS NOT ?3)",
  [STMT_CUSTOMER_FILL] =
    "UPDATE customers SET display_name = COALESCE (display_name, ?2), "
    "organization = COALESCE (organization, ?3) "
    "WHERE id = ?1 AND ((display_name IS NULL AND ?2 IS NOT NULL) "
    "OR (organization IS NULL AND ?3 IS NOT NULL))",
  [STMT_TICKET_INSERT] =
    "INSERT INTO tickets (account_id, remote_id, subject, status, priority, channel, customer_id, "
    "requester_remote_id, assignee_remote_id, assignee_name, queue, tags, created_at, updated_at, "
    "solved_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT (account_id, remote_id) DO NOTHING",
  [STMT_TICKET_EXISTING] =
    "SELECT id, subject, created_at FROM tickets "
    "WHERE account_id = ?1 AND remote_id = ?2",
  [STMT_TICKET_UPDATE] =
    "UPDATE tickets SET " TICKET_COLUMNS " "
    "WHERE account_id = ?1 AND remote_id = ?2 AND " TICKET_DIFFERS,
  [STMT_TICKET_MESSAGE_DOCS] =
    "SELECT id, created_at, body FROM messages WHERE ticket_id = ?1",
  [STMT_TICKET_DELETE] =
    "DELETE FROM tickets WHERE id = ?1",
  [STMT_NEWEST_UPDATE] =
    "SELECT MAX (newest) FROM ("
    "SELECT MAX (updated_at) AS newest FROM tickets WHERE account_id = ?1 AND is_open = 0 "
    "UNION ALL "
    "SELECT MAX (updated_at) FROM tickets WHERE account_id = ?1 AND is_open = 1)",
  [STMT_COUNT_MY_OPEN] =
    "SELECT COUNT (*) FROM tickets WHERE account_id = ?1 AND assignee_remote_id = ?2 "
    "AND is_open = 1",
  [STMT_COUNT_UNASSIGNED] =
    "SELECT COUNT (*) FROM tickets WHERE account_id = ?1 AND assignee_remote_id IS NULL "
    "AND is_open = 1",
  [STMT_COUNT_ALL_OPEN] =
    "SELECT COUNT (*) FROM tickets WHERE account_id = ?1 AND is_open = 1",
  [STMT_COUNT_RECENTLY_SOLVED] =
    "SELECT COUNT (*) FROM tickets WHERE account_id = ?1 AND is_open = 0 AND solved_at >= ?2",
  [STMT_LIST_MY_OPEN] =
    "SELECT id FROM tickets WHERE account_id = ?1 AND assignee_remote_id = ?2 AND is_open = 1"
    TICKET_ORDER_OPEN,
  [STMT_LIST_UNASSIGNED] =
    "SELECT id FROM tickets WHERE account_id = ?1 AND assignee_remote_id IS NULL AND is_open = 1"
    TICKET_ORDER_OPEN,
  [STMT_LIST_ALL_OPEN] =
    "SELECT id FROM tickets WHERE account_id = ?1 AND is_open = 1" TICKET_ORDER_OPEN,
  [STMT_LIST_RECENTLY_SOLVED] =
    "SELECT id FROM tickets WHERE account_id = ?1 AND is_open = 0 AND solved_at >= ?2"
    TICKET_ORDER_SOLVED,
  [STMT_TICKET_LOAD] =
    "SELECT t.id, t.remote_id, t.subject, t.status, t.priority, t.channel, t.customer_id, "
    "c.display_name, t.requester_remote_id, t.assignee_remote_id, t.assignee_name, t.queue, "
    "t.tags, t.created_at, t.updated_at, t.solved_at, t.message_count, t.last_message_preview "
    "FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1",
  [STMT_MESSAGE_LIST] =
    "SELECT m.id, m.remote_id, t.remote_id, m.channel, m.direction, m.visibility, m.author_kind, "
    "m.author_name, m.author_remote_id, m.author_customer_id, m.body, m.created_at "
    "FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.ticket_id = ?1 "
    "ORDER BY m.created_at, m.id",
  [STMT_CUSTOMER_LOAD] =
    "SELECT c.display_name, c.organization, (SELECT l.remote_id FROM customer_links l "
    "WHERE l.customer_id = c.id ORDER BY l.is_primary DESC, l.account_id LIMIT 1) "
    "FROM customers c WHERE c.id = ?1",
  [STMT_CUSTOMER_IDENTITIES] =
    "SELECT id, channel, address FROM identities WHERE customer_id = ?1 "
    "ORDER BY CASE channel WHEN 'email' THEN 0 WHEN 'phone' THEN 1 WHEN 'chat' THEN 2 "
    "WHEN 'social' THEN 3 WHEN 'web' THEN 4 ELSE 5 END, address, id",
  [STMT_CUSTOMER_COUNTS] =
    "SELECT COUNT (*), TOTAL (is_open) FROM tickets WHERE customer_id = ?1",
  [STMT_CUSTOMER_LAST_CONTACT] =
    "SELECT m.created_at, t.subject FROM tickets t JOIN messages m ON m.ticket_id = t.id "
    "WHERE t.customer_id = ?1 AND m.direction = 'in' "
    "ORDER BY m.created_at DESC, m.id DESC LIMIT 1",
  [STMT_CUSTOMER_HISTORY] =
    "SELECT m.id, t.id, t.remote_id, t.subject, t.status, m.channel, m.direction, m.visibility, "
    "m.author_name, m.body, m.created_at "
    "FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE t.customer_id = ?1 "
    "ORDER BY m.created_at DESC, m.id DESC",
  [STMT_SEARCH] =
    "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid DESC",
  [STMT_SEARCH_DOC_MESSAGE] =
    "SELECT m.ticket_id, t.account_id FROM messages m JOIN tickets t ON t.id = m.ticket_id "
    "WHERE m.id = ?1",
  [STMT_SEARCH_DOC_TICKET] =
    "SELECT account_id FROM tickets WHERE id = ?1",
  [STMT_SEARCH_HIT_TICKET] =
    "SELECT t.subject, t.status, t.channel, c.display_name, t.created_at "
    "FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1",
  [STMT_SEARCH_HIT_MESSAGE] =
    "SELECT channel, created_at, body FROM messages WHERE id = ?1",
  [STMT_ACCOUNT_IDENTITY] =
    "SELECT user_remote_id, user_name FROM accounts WHERE id = ?1",
  /* Each distinct assignee through the tickets_assignee index, then one name the cache holds
   * for them (a locally changed assignee has none until the server answers). */
  [STMT_ASSIGNEE_LIST] =
    "SELECT a.remote_id, (SELECT t.assignee_name FROM tickets t WHERE t.account_id = ?1 "
    "AND t.assignee_remote_id = a.remote_id AND t.assignee_name IS NOT NULL "
    "AND t.assignee_name != '' LIMIT 1) "
    "FROM (SELECT DISTINCT assignee_remote_id AS remote_id FROM tickets "
    "WHERE account_id = ?1 AND assignee_remote_id IS NOT NULL) a",
};

G_DEFINE_FINAL_TYPE (RapportStore, rapport_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static int
on_progress_cb (gpointer user_data)
{
  RapportStore *self = user_data;

  /* Non-zero interrupts the running statement with SQLITE_INTERRUPT. */
  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}

/* ---------------------------------------------------------------------------------------------
 * Small helpers. All of these run with the mutex held.
 * ------------------------------------------------------------------------------------------- */

static RapportStoreStmt *
get_stmt (RapportStore  *self,
          StmtId         id,
          GError       **error)
{
  g_assert (id < N_STMTS);

  return _rapport_store_prepare (self, stmt_sql[id], error);
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static RapportChannel
channel_from_column (sqlite3_stmt *stmt,
                     int           column)
{
  RapportChannel channel = RAPPORT_CHANNEL_EMAIL;
  const char *text = _rapport_store_column_text (stmt, column);

  if (!rapport_channel_from_string (text, &channel))
    g_warning ("Unknown channel “%s” in the database", text ? text : "(null)");

  return channel;
}

static RapportTicketStatus
status_from_column (sqlite3_stmt *stmt,
                    int           column)
{
  RapportTicketStatus status = RAPPORT_TICKET_STATUS_OPEN;
  const char *text = _rapport_store_column_text (stmt, column);

  if (!rapport_ticket_status_from_string (text, &status))
    g_warning ("Unknown ticket status “%s” in the database", text ? text : "(null)");

  return status;
}

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
           ? RAPPORT_DIRECTION_OUTBOUND
                                                            : RAPPORT_DIRECTION_INBOUND;
}

static RapportVisibility
visibility_from_column (sqlite3_stmt *stmt,
                        int           column)
{
  return g_strcmp0 (_rapport_store_column_text (stmt, column), "internal") == 0
           ? RAPPORT_VISIBILITY_INTERNAL
                                                                 : RAPPORT_VISIBILITY_PUBLIC;
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

static char *
tags_to_json (const char * const *tags)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_array_add_string_element (array, tags[i]);

  json_node_set_array (node, array);

  return json_to_string (node, FALSE);
}

static char **
tags_from_json (const char *json)
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

typedef struct
{
  GWeakRef store;
  gint64   account_id;
} ChangedData;

static void
changed_data_free (gpointer data)
{
  ChangedData *changed = data;

  g_weak_ref_clear (&changed->store);
  g_free (changed);
}

static gboolean
emit_changed_cb (gpointer data)
{
  ChangedData *changed = data;
  g_autoptr(RapportStore) self = g_weak_ref_get (&changed->store);

  if (self != NULL)
    g_signal_emit (self, signals[CHANGED], 0, (guint64) changed->account_id);

  return G_SOURCE_REMOVE;
}

/* Schedules "changed" on the store's main context; called after commit, without the mutex. */
static void
emit_changed (RapportStore *self,
              gint64        account_id)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  ChangedData *changed = g_new0 (ChangedData, 1);

  g_weak_ref_init (&changed->store, self);
  changed->account_id = account_id;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[rapport-store] changed");
  g_source_set_callback (source, emit_changed_cb, changed, changed_data_free);
  g_source_attach (source, self->context);
}

/* ---------------------------------------------------------------------------------------------
 * Migrations
 * ------------------------------------------------------------------------------------------- */

/* qsort() hands the comparison pointers to the array elements, not the strings. */
static int
compare_names (const void *a,
               const void *b)
{
  return g_ascii_strcasecmp (*(const char * const *) a, *(const char * const *) b);
}

/* The migration resources, sorted, numbered 1…N without gaps (checked once). */
static const char * const *
get_migrations (void)
{
  static char **migrations;

  if (g_once_init_enter (&migrations))
    {
      g_autoptr(GError) error = NULL;
      char **names = g_resource_enumerate_children (rapport_core_get_resource (),
                                                    SQL_RESOURCE_DIR,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE,
                                                    &error);
      guint n;

      if (names == NULL)
        g_error ("The core resources carry no migrations: %s", error->message);

      n = g_strv_length (names);
      qsort (names, n, sizeof (char *), compare_names);
      for (guint i = 0; i < n; i++)
        {
          guint64 number = g_ascii_strtoull (names[i], NULL, 10);

          /* Programmer error: a migration file was added with a wrong number. */
          if (number != i + 1)
            g_error ("Migration %s is out of sequence (expected number %u)", names[i], i + 1);
        }

      g_once_init_leave (&migrations, names);
    }

  return (const char * const *) migrations;
}

guint
rapport_store_get_latest_schema_version (void)
{
  return g_strv_length ((char **) get_migrations ());
}

static gboolean
read_user_version (RapportStore  *self,
                   guint         *version,
                   GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      _rapport_store_set_error (error, self->db, rc, "Reading the schema version");
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *version = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return TRUE;
}

static gboolean
apply_migration (RapportStore  *self,
                 guint          number,
                 const char    *name,
                 GError       **error)
{
  g_autofree char *path = g_build_path ("/", SQL_RESOURCE_DIR, name, NULL);
  g_autofree char *version_sql = NULL;
  g_autofree char *what = g_strdup_printf ("Applying migration %s", name);
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (rapport_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  /* PRAGMA takes no bound parameters; @number is our own migration counter, not input. */
  version_sql = g_strdup_printf ("PRAGMA user_version = %u", number);

  if (!_rapport_store_exec (self, "BEGIN EXCLUSIVE", what, error))
    return FALSE;

  if (!_rapport_store_exec (self, g_bytes_get_data (bytes, NULL), what, error) ||
      !_rapport_store_exec (self, version_sql, what, error) ||
      !_rapport_store_exec (self, "COMMIT", what, error))
    {
      _rapport_store_rollback (self);
      return FALSE;
    }

  g_debug ("Applied migration %s", name);

  return TRUE;
}

static void
close_db (RapportStore *self)
{
  /* Every statement must be finalized before the connection closes. */
  g_hash_table_remove_all (self->stmts);

  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("Closing %s: %s", self->path, sqlite3_errstr (rc));
      self->db = NULL;
    }

  self->schema_version = 0;
}

static gboolean
open_locked (RapportStore  *self,
             GCancellable  *cancellable,
             GError       **error)
{
  const char * const *migrations = get_migrations ();
  guint latest = g_strv_length ((char **) migrations);
  guint version = 0;
  int rc;

  if (g_strcmp0 (self->path, ":memory:") != 0)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot create the folder %s: %s", dir, g_strerror (saved_errno));
          return FALSE;
        }
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, self->db, rc, "Opening the database");
      close_db (self);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_progress_handler (self->db, PROGRESS_OPS, on_progress_cb, self);
  self->cancellable = cancellable;

  /* journal_mode is the first statement that reads the file: a file that is not a
   * database fails here with SQLITE_NOTADB → RAPPORT_STORE_ERROR_CORRUPT. */
  /* page_size only matters for a new file (it must precede WAL mode); 16 KiB pages cut
   * the B-tree and WAL overhead of the large full-text index. A modest page cache: the
   * file stays in the kernel's cache anyway, and a big one costs more in allocation than
   * it saves in reads. Checkpoints every 16384 pages (256 MB of WAL) rather than SQLite's
   * 1000: each checkpoint copies pages back and fsyncs, and a large first sync rewrote the
   * same index pages many times over (the 1M-message ingest went from ~49k to ~54k
   * messages/s, tools/bench). The price: the WAL file can reach 256 MB during a large sync
   * (capping it with journal_size_limit gave the gain back); SQLite removes it on close. */
  if (!_rapport_store_exec (self, "PRAGMA page_size = 16384", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA journal_mode = WAL", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA foreign_keys = ON", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA synchronous = NORMAL", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA cache_size = -32768", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA wal_autocheckpoint = 16384", "Opening the database",
                            error) ||
      !read_user_version (self, &version, error))
    goto fail;

  if (version > latest)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_TOO_NEW,
                   "The database %s has schema version %u, but this version of Rapport only "
                   "knows versions up to %u", self->path, version, latest);
      goto fail;
    }

  for (guint i = version; i < latest; i++)
    {
      if (!apply_migration (self, i + 1, migrations[i], error))
        goto fail;
    }

  self->schema_version = latest;
  self->cancellable = NULL;

  return TRUE;

fail:
  self->cancellable = NULL;
  close_db (self);
  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_store_finalize (GObject *object)
{
  RapportStore *self = (RapportStore *) object;

  close_db (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (rapport_store_parent_class)->finalize (object);
}

static void
rapport_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RapportStore *self = RAPPORT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_store_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RapportStore *self = RAPPORT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_store_class_init (RapportStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_store_finalize;
  object_class->get_property = rapport_store_get_property;
  object_class->set_property = rapport_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportStore::changed:
   * @self: the store
   * @account_id: the account whose data changed
   *
   * Emitted on the main context of the thread that created the store, after a write was
   * committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
rapport_store_init (RapportStore *self)
{
  g_mutex_init (&self->mutex);
  self->stmts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) sqlite3_finalize);
  self->context = g_main_context_ref_thread_default ();
}

/**
 * rapport_store_new:
 * @path: the database file, or ":memory:"
 *
 * Returns: (transfer full): a new store; call rapport_store_open_async() next
 */
RapportStore *
rapport_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (RAPPORT_TYPE_STORE, "path", path, NULL);
}

const char *
rapport_store_get_path (RapportStore *self)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return self->path;
}

gboolean
rapport_store_open (RapportStore  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gboolean ret = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_mutex_lock (&self->mutex);
  if (self->db == NULL)
    ret = open_locked (self, cancellable, error);
  g_mutex_unlock (&self->mutex);

  return ret;
}

void
rapport_store_close (RapportStore *self)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  g_mutex_lock (&self->mutex);
  if (self->db != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Keeps the planner's statistics fresh; cheap when nothing changed. */
      if (!_rapport_store_exec (self, "PRAGMA optimize", "Closing the database", &error))
        g_warning ("%s", error->message);
    }
  close_db (self);
  g_mutex_unlock (&self->mutex);
}

guint
rapport_store_get_schema_version (RapportStore *self)
{
  guint version;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 0);

  g_mutex_lock (&self->mutex);
  version = self->schema_version;
  g_mutex_unlock (&self->mutex);

  return version;
}

/* ---------------------------------------------------------------------------------------------
 * Accounts and cursors
 * ------------------------------------------------------------------------------------------- */

gboolean
rapport_store_add_account (RapportStore    *self,
                           RapportAccount  *account,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), FALSE);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return FALSE;

  stmt = get_stmt (self, STMT_ACCOUNT_INSERT, error);
  if (stmt != NULL)
    {
      _rapport_store_bind_text (stmt, 1, rapport_account_get_provider_kind (account));
      _rapport_store_bind_text (stmt, 2, rapport_account_get_base_url (account));
      _rapport_store_bind_text (stmt, 3, rapport_account_get_display_name (account));
      _rapport_store_bind_text_or_null (stmt, 4, rapport_account_get_user_remote_id (account));
      _rapport_store_bind_text (stmt, 5, rapport_account_get_user_name (account));
      _rapport_store_bind_text (stmt, 6, rapport_account_get_role (account));
      sqlite3_bind_int64 (stmt, 7, now_unix ());

      if (_rapport_store_step_done (stmt, "Adding an account", error))
        id = _rapport_store_inserted_id (self);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  if (id == 0)
    return FALSE;

  rapport_account_set_id (account, id);
  emit_changed (self, id);

  return TRUE;
}

GPtrArray *
rapport_store_list_accounts (RapportStore  *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = get_stmt (self, STMT_ACCOUNT_LIST, error);
  if (stmt != NULL)
    {
      while ((rc = _rapport_store_step (stmt, "Listing accounts", error)) == SQLITE_ROW)
        {
          RapportAccount *account = rapport_account_new (_rapport_store_column_text (stmt, 1),
                                                         _rapport_store_column_text (stmt, 2),
                                                         _rapport_store_column_text (stmt, 3));

          rapport_account_set_id (account, sqlite3_column_int64 (stmt, 0));
          rapport_account_set_user_remote_id (account, _rapport_store_column_text (stmt, 4));
          rapport_account_set_user_name (account, _rapport_store_column_text (stmt, 5));
          rapport_account_set_role (account, _rapport_store_column_text (stmt, 6));
          g_ptr_array_add (accounts, account);
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&accounts) : NULL;
}

char *
rapport_store_get_cursor (RapportStore  *self,
                          gint64         account_id,
                          const char    *resource,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  char *cursor = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (resource != NULL, NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = get_stmt (self, STMT_CURSOR_GET, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      _rapport_store_bind_text (stmt, 2, resource);

      if (_rapport_store_step (stmt, "Reading a sync cursor", error) == SQLITE_ROW)
        cursor = g_strdup (_rapport_store_column_text (stmt, 0));
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return cursor;
}

/* ---------------------------------------------------------------------------------------------
 * Applying a sync page
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  RapportStore *store;
  gint64        account_id;
  GHashTable   *customers;       /* remote id → gint64* local id */
  GHashTable   *tickets;         /* remote id → gint64* local id */
  RapportStoreWriter *writer;  /* messages, the search index and the tickets' counts */
} PageApply;

static void
page_apply_clear (PageApply *apply)
{
  g_clear_pointer (&apply->customers, g_hash_table_unref);
  g_clear_pointer (&apply->tickets, g_hash_table_unref);
  g_clear_pointer (&apply->writer, _rapport_store_writer_free);
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
  g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_LINK_INSERT, error);

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
  g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_CUSTOMER_INSERT, error);

  if (stmt == NULL)
    return 0;

  _rapport_store_bind_text (stmt, 1, display_name);
  _rapport_store_bind_text (stmt, 2, organization);
  sqlite3_bind_int64 (stmt, 3, now_unix ());

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

  stmt = get_stmt (self, STMT_LINK_GET, error);
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

      stmt = get_stmt (self, STMT_IDENTITY_OWNER, error);
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
  stmt = get_stmt (self, is_primary ? STMT_CUSTOMER_UPDATE_PRIMARY : STMT_CUSTOMER_FILL, error);
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
      g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_IDENTITY_INSERT, error);

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
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_TICKET_EXISTING, error);

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

  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_TICKET_UPDATE, error);

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
  gint64 customer_id, ticket_id, key;

  if (!check_ticket (ticket, error))
    return FALSE;

  customer_id = resolve_requester (apply, rapport_ticket_get_requester_remote_id (ticket), error);
  if (customer_id < 0)
    return FALSE;

  tags_json = tags_to_json (rapport_ticket_get_tags (ticket));

  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_TICKET_INSERT, error);

    if (stmt == NULL)
      return FALSE;

    bind_ticket (stmt, apply->account_id, ticket, customer_id, tags_json);
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
      _rapport_store_writer_created_ticket (apply->writer, ticket_id);
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

  stmt = get_stmt (self, STMT_TICKET_EXISTING, error);
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
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gint64 ticket_id, key;

  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_TICKET_EXISTING, error);
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
    if (!_rapport_store_search_key (sqlite3_column_int64 (stmt, 2), ticket_id,
                                    RAPPORT_SEARCH_KIND_TICKET, &key, error))
      return FALSE;
    g_array_append_val (keys, key);
    g_ptr_array_add (texts, g_strdup (_rapport_store_column_text (stmt, 1)));
  }

  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_TICKET_MESSAGE_DOCS, error);
    int rc;

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, ticket_id);
    while ((rc = _rapport_store_step (stmt, "Reading a ticket's messages", error)) == SQLITE_ROW)
      {
        if (!_rapport_store_search_key (sqlite3_column_int64 (stmt, 1),
                                        sqlite3_column_int64 (stmt, 0),
                                        RAPPORT_SEARCH_KIND_MESSAGE, &key, error))
          return FALSE;
        g_array_append_val (keys, key);
        g_ptr_array_add (texts, g_strdup (_rapport_store_column_text (stmt, 2)));
      }
    if (rc == 0)
      return FALSE;
  }

  for (guint i = 0; i < keys->len; i++)
    {
      if (!_rapport_store_writer_unindex (apply->writer, g_array_index (keys, gint64, i),
                                          texts->pdata[i], error))
        return FALSE;
    }

  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_TICKET_DELETE, error);

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

  stmt = get_stmt (self, STMT_CURSOR_SET, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, apply->account_id);
  _rapport_store_bind_text (stmt, 2, page->resource);
  _rapport_store_bind_text (stmt, 3, page->next_cursor);
  sqlite3_bind_int64 (stmt, 4, now_unix ());

  return _rapport_store_step_done (stmt, "Storing the sync cursor", error);
}

/* Applies @page in the transaction the caller opened. */
static gboolean
apply_page_locked (PageApply        *apply,
                   RapportSyncPage  *page,
                   gboolean         *changed,
                   GError          **error)
{
  RapportStore *self = apply->store;
  gint64 changes_before = sqlite3_total_changes64 (self->db);

  for (guint i = 0; page->customers != NULL && i < page->customers->len; i++)
    {
      if (!apply_customer (apply, page->customers->pdata[i], error))
        return FALSE;
    }

  for (guint i = 0; page->tickets != NULL && i < page->tickets->len; i++)
    {
      if (!apply_ticket (apply, page->tickets->pdata[i], error))
        return FALSE;
    }

  for (guint i = 0; page->messages != NULL && i < page->messages->len; i++)
    {
      if (!apply_message (apply, page->messages->pdata[i], error))
        return FALSE;
    }

  if (!_rapport_store_writer_flush (apply->writer, error))
    return FALSE;

  for (guint i = 0; page->deleted_ticket_ids != NULL && i < page->deleted_ticket_ids->len; i++)
    {
      if (!delete_ticket (apply, page->deleted_ticket_ids->pdata[i], error))
        return FALSE;
    }

  *changed = sqlite3_total_changes64 (self->db) != changes_before;

  return store_cursor (apply, page, error);
}

gboolean
rapport_store_apply_page (RapportStore     *self,
                          gint64            account_id,
                          RapportSyncPage  *page,
                          GCancellable     *cancellable,
                          GError          **error)
{
  PageApply apply = { 0 };
  gboolean changed = FALSE;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  if (_rapport_store_begin (self, cancellable, "Starting to apply a page", error) == NULL)
    return FALSE;

  apply.store = self;
  apply.account_id = account_id;
  apply.customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  apply.tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  apply.writer = _rapport_store_writer_new (self, page->messages ? page->messages->len + 16 : 16);

  ok = apply_page_locked (&apply, page, &changed, error);
  page_apply_clear (&apply);

  if (!_rapport_store_end (self, ok, error))
    return FALSE;

  if (changed)
    emit_changed (self, account_id);

  return TRUE;
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
  g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_NEWEST_UPDATE, error);
  gint64 anchor;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  if (_rapport_store_step (stmt, "Finding the newest ticket", error) != SQLITE_ROW)
    return FALSE;

  anchor = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? now_unix ()
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
  g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_ACCOUNT_USER, error);
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
  StmtId id;

  *stmt = NULL;

  switch (view)
    {
    case RAPPORT_VIEW_MY_OPEN:
      if (!account_user (self, account_id, user, error))
        return FALSE;
      if (*user == NULL)
        return TRUE;
      id = count ? STMT_COUNT_MY_OPEN : STMT_LIST_MY_OPEN;
      break;

    case RAPPORT_VIEW_UNASSIGNED:
      id = count ? STMT_COUNT_UNASSIGNED : STMT_LIST_UNASSIGNED;
      break;

    case RAPPORT_VIEW_ALL_OPEN:
      id = count ? STMT_COUNT_ALL_OPEN : STMT_LIST_ALL_OPEN;
      break;

    case RAPPORT_VIEW_RECENTLY_SOLVED:
      if (!recently_solved_cutoff (self, account_id, &cutoff, error))
        return FALSE;
      id = count ? STMT_COUNT_RECENTLY_SOLVED : STMT_LIST_RECENTLY_SOLVED;
      break;

    default:
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "Unknown view %d", view);
      return FALSE;
    }

  *stmt = get_stmt (self, id, error);
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
  g_auto(GStrv) tags = tags_from_json (_rapport_store_column_text (stmt, 12));

  g_object_freeze_notify (G_OBJECT (ticket));
  rapport_ticket_set_id (ticket, sqlite3_column_int64 (stmt, 0));
  rapport_ticket_set_remote_id (ticket, _rapport_store_column_text (stmt, 1));
  rapport_ticket_set_subject (ticket, _rapport_store_column_text (stmt, 2));
  rapport_ticket_set_status (ticket, status_from_column (stmt, 3));
  rapport_ticket_set_priority (ticket, priority_from_column (stmt, 4));
  rapport_ticket_set_channel (ticket, channel_from_column (stmt, 5));
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
      g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_TICKET_LOAD, error);
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

  stmt = get_stmt (self, STMT_MESSAGE_LIST, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      while ((rc = _rapport_store_step (stmt, "Listing messages", error)) == SQLITE_ROW)
        {
          RapportMessage *message = rapport_message_new ();

          rapport_message_set_id (message, sqlite3_column_int64 (stmt, 0));
          rapport_message_set_remote_id (message, _rapport_store_column_text (stmt, 1));
          rapport_message_set_ticket_id (message, ticket_id);
          rapport_message_set_ticket_remote_id (message, _rapport_store_column_text (stmt, 2));
          rapport_message_set_channel (message, channel_from_column (stmt, 3));
          rapport_message_set_direction (message, direction_from_column (stmt, 4));
          rapport_message_set_visibility (message, visibility_from_column (stmt, 5));
          rapport_message_set_author_kind (message, author_kind_from_column (stmt, 6));
          rapport_message_set_author_name (message, _rapport_store_column_text (stmt, 7));
          rapport_message_set_author_remote_id (message, _rapport_store_column_text (stmt, 8));
          rapport_message_set_author_customer_id (message, sqlite3_column_int64 (stmt, 9));
          rapport_message_set_body (message, _rapport_store_column_text (stmt, 10));
          rapport_message_set_created_at (message, sqlite3_column_int64 (stmt, 11));
          g_ptr_array_add (messages, message);
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
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_CUSTOMER_LOAD, error);

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
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_CUSTOMER_IDENTITIES, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, customer_id);
    while ((rc = _rapport_store_step (stmt, "Loading identities", error)) == SQLITE_ROW)
      {
        g_autoptr(RapportIdentity) identity = NULL;

        identity = rapport_identity_new (channel_from_column (stmt, 1),
                                         _rapport_store_column_text (stmt, 2));
        rapport_identity_set_id (identity, sqlite3_column_int64 (stmt, 0));
        rapport_identity_set_customer_id (identity, customer_id);
        rapport_customer_add_identity (customer, identity);
      }
    if (rc == 0)
      return FALSE;
  }

  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_CUSTOMER_COUNTS, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, customer_id);
    if (_rapport_store_step (stmt, "Counting a customer's tickets", error) != SQLITE_ROW)
      return FALSE;

    rapport_customer_set_ticket_count (customer, (guint) sqlite3_column_int64 (stmt, 0));
    rapport_customer_set_open_ticket_count (customer, (guint) sqlite3_column_int64 (stmt, 1));
  }

  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_CUSTOMER_LAST_CONTACT, error);

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

GPtrArray *
rapport_store_customer_history (RapportStore  *self,
                                gint64         customer_id,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = get_stmt (self, STMT_CUSTOMER_HISTORY, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, customer_id);
      while ((rc = _rapport_store_step (stmt, "Reading a customer's history", error)) == SQLITE_ROW)
        {
          g_autofree char *summary = rapport_summarize_body (_rapport_store_column_text (stmt, 9));

          g_ptr_array_add (entries,
                           rapport_history_entry_new (sqlite3_column_int64 (stmt, 0),
                                                      sqlite3_column_int64 (stmt, 1),
                                                      _rapport_store_column_text (stmt, 2),
                                                      _rapport_store_column_text (stmt, 3),
                                                      status_from_column (stmt, 4),
                                                      channel_from_column (stmt, 5),
                                                      direction_from_column (stmt, 6),
                                                      visibility_from_column (stmt, 7),
                                                      _rapport_store_column_text (stmt, 8),
                                                      summary,
                                                      sqlite3_column_int64 (stmt, 10)));
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&entries) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Assignees
 * ------------------------------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (RapportAssignee, rapport_assignee, rapport_assignee_copy,
                     rapport_assignee_free)

/**
 * rapport_assignee_new:
 * @remote_id: the backend's id of the person
 * @name: (nullable): their display name; @remote_id when %NULL or empty
 *
 * Returns: (transfer full): a new assignee
 */
RapportAssignee *
rapport_assignee_new (const char *remote_id,
                      const char *name)
{
  RapportAssignee *assignee;

  g_return_val_if_fail (remote_id != NULL && *remote_id != '\0', NULL);

  assignee = g_new0 (RapportAssignee, 1);
  assignee->remote_id = g_strdup (remote_id);
  assignee->name = g_strdup (name != NULL && *name != '\0' ? name : remote_id);

  return assignee;
}

RapportAssignee *
rapport_assignee_copy (const RapportAssignee *assignee)
{
  g_return_val_if_fail (assignee != NULL, NULL);

  return rapport_assignee_new (assignee->remote_id, assignee->name);
}

void
rapport_assignee_free (RapportAssignee *assignee)
{
  if (assignee == NULL)
    return;

  g_free (assignee->remote_id);
  g_free (assignee->name);
  g_free (assignee);
}

typedef struct
{
  RapportAssignee *assignee;
  char            *key;      /* collation key of the case-folded name */
} SortableAssignee;

static int
compare_sortable_assignees (gconstpointer a,
                            gconstpointer b)
{
  const SortableAssignee *sa = a;
  const SortableAssignee *sb = b;
  int cmp = strcmp (sa->key, sb->key);

  return cmp != 0 ? cmp : strcmp (sa->assignee->remote_id, sb->assignee->remote_id);
}

/* Sorts @assignees by name as the user's locale orders it, ignoring case; the remote id breaks
 * ties, so the order is stable. */
static void
sort_assignees (GPtrArray *assignees)
{
  g_autoptr(GArray) sortable = g_array_sized_new (FALSE, FALSE, sizeof (SortableAssignee),
                                                  assignees->len);

  for (guint i = 0; i < assignees->len; i++)
    {
      RapportAssignee *assignee = g_ptr_array_index (assignees, i);
      g_autofree char *folded = g_utf8_casefold (assignee->name, -1);
      SortableAssignee item = { assignee, g_utf8_collate_key (folded, -1) };

      g_array_append_val (sortable, item);
    }

  g_array_sort (sortable, compare_sortable_assignees);

  for (guint i = 0; i < sortable->len; i++)
    {
      SortableAssignee *item = &g_array_index (sortable, SortableAssignee, i);

      assignees->pdata[i] = item->assignee;
      g_free (item->key);
    }
}

GPtrArray *
rapport_store_list_assignees (RapportStore  *self,
                              gint64         account_id,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GPtrArray) assignees = NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *user_name = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  assignees = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_assignee_free);
  stmt = get_stmt (self, STMT_ACCOUNT_IDENTITY, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      rc = _rapport_store_step (stmt, "Reading an account", error);
      if (rc == SQLITE_ROW)
        {
          user_id = g_strdup (_rapport_store_column_text (stmt, 0));
          user_name = g_strdup (_rapport_store_column_text (stmt, 1));
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        {
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                       "No account %" G_GINT64_FORMAT, account_id);
        }
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  /* The signed-in user comes first (their own name wins), then everyone assigned a ticket. */
  if (ok && user_id != NULL && *user_id != '\0')
    g_ptr_array_add (assignees, rapport_assignee_new (user_id, user_name));

  if (ok)
    {
      ok = FALSE;
      stmt = get_stmt (self, STMT_ASSIGNEE_LIST, error);
    }
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      while ((rc = _rapport_store_step (stmt, "Listing assignees", error)) == SQLITE_ROW)
        {
          const char *remote_id = _rapport_store_column_text (stmt, 0);

          if (remote_id == NULL || *remote_id == '\0' || g_strcmp0 (remote_id, user_id) == 0)
            continue;
          g_ptr_array_add (assignees,
                           rapport_assignee_new (remote_id, _rapport_store_column_text (stmt, 1)));
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  if (!ok)
    return NULL;

  sort_assignees (assignees);

  return g_steal_pointer (&assignees);
}

/* ---------------------------------------------------------------------------------------------
 * Search
 * ------------------------------------------------------------------------------------------- */

/* Search text is matched the way the FTS5 unicode61 tokenizer (remove_diacritics 2) sees it:
 * words are runs of letters and digits, compared without case and accents. */
static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

static char *
fold_word (const char *word,
           gsize       len)
{
  g_autofree char *decomposed = g_utf8_normalize (word, len, G_NORMALIZE_NFD);
  g_autoptr(GString) bare = NULL;

  if (decomposed == NULL)
    return g_utf8_strdown (word, len);

  bare = g_string_sized_new (len);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }

  return g_utf8_strdown (bare->str, bare->len);
}

/* Finds the next word in [@p, @end); returns FALSE when there is none. */
static gboolean
next_word (const char  *p,
           const char  *end,
           const char **word_start,
           const char **word_end)
{
  while (p < end && !is_word_char (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  if (p >= end)
    return FALSE;

  *word_start = p;
  while (p < end && is_word_char (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  *word_end = p;

  return TRUE;
}

typedef struct
{
  char      *fts;         /* the FTS5 query, NULL when nothing is searchable */
  GPtrArray *words;       /* folded words of all terms, to find the match in a snippet */
  gboolean   last_prefix; /* the last word matches as a prefix */
} SearchQuery;

static void
search_query_clear (SearchQuery *query)
{
  g_clear_pointer (&query->fts, g_free);
  g_clear_pointer (&query->words, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchQuery, search_query_clear)

static void
append_fts_term (GString    *fts,
                 const char *term,
                 gsize       len)
{
  if (fts->len > 0)
    g_string_append_c (fts, ' ');

  g_string_append_c (fts, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (term[i] == '"')
        g_string_append (fts, "\"\"");
      else
        g_string_append_c (fts, term[i]);
    }
  g_string_append_c (fts, '"');
}

/* User text → FTS5 query of double-quoted terms. A "…" group stays one phrase; anything else
 * splits on white space. Quotes inside a term are doubled, so no FTS5 syntax (AND, NEAR,
 * column filters, *, ^) ever reaches the parser from the user. Terms without a letter or
 * digit are dropped. */
static void
parse_search_query (const char  *text,
                    SearchQuery *query)
{
  g_autoptr(GString) fts = g_string_new (NULL);
  g_autofree char *valid = NULL;
  const char *p;

  query->fts = NULL;
  query->words = g_ptr_array_new_with_free_func (g_free);
  query->last_prefix = FALSE;

  if (text == NULL)
    return;

  valid = g_utf8_make_valid (text, -1);

  for (p = valid; *p != '\0'; )
    {
      const char *start, *end, *word_start, *word_end, *q;
      gboolean has_word = FALSE;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      if (*p == '"')
        {
          /* An unterminated phrase runs to the end. */
          start = p + 1;
          end = strchr (start, '"');
          if (end == NULL)
            end = start + strlen (start);
          p = *end == '"' ? end + 1 : end;
        }
      else
        {
          start = p;
          while (*p != '\0' && *p != '"' && !g_unichar_isspace (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          end = p;
        }

      for (q = start; next_word (q, end, &word_start, &word_end); q = word_end)
        {
          g_ptr_array_add (query->words, fold_word (word_start, word_end - word_start));
          has_word = TRUE;
        }

      if (has_word)
        append_fts_term (fts, start, end - start);
    }

  if (fts->len == 0)
    return;

  /* Prefix match on the last term, so results come while the user types; but only once its
   * last word has a few characters: FTS5 merges the lists of every word with the prefix
   * before returning the first row, and a one- to three-letter prefix ("a", "th", "the")
   * covers a large part of the index. Shorter words match exactly. */
  if (g_utf8_strlen (query->words->pdata[query->words->len - 1], -1) >= SEARCH_PREFIX_MIN_CHARS)
    {
      g_string_append_c (fts, '*');
      query->last_prefix = TRUE;
    }
  query->fts = g_string_free (g_steal_pointer (&fts), FALSE);
}

char *
_rapport_store_build_fts_query (const char *text)
{
  g_auto(SearchQuery) query = { 0 };

  parse_search_query (text, &query);

  return g_steal_pointer (&query.fts);
}

static gboolean
word_matches (const SearchQuery *query,
              const char        *folded)
{
  for (guint i = 0; i < query->words->len; i++)
    {
      const char *word = query->words->pdata[i];

      if (strcmp (folded, word) == 0)
        return TRUE;

      if (query->last_prefix && i == query->words->len - 1 && g_str_has_prefix (folded, word))
        return TRUE;
    }

  return FALSE;
}

/* Plain text around the first word of @text that matches the query, with runs of white space
 * collapsed and "…" where it was cut; the byte offsets of that word in the result. */
static char *
make_snippet (const SearchQuery *query,
              const char        *text,
              int               *match_start,
              int               *match_end)
{
  const char *ring[SEARCH_SNIPPET_BEFORE + 1] = { NULL };
  const char *text_end = text + strlen (text);
  const char *word_start, *word_end, *p, *from, *to;
  const char *match = NULL, *match_stop = NULL;
  g_autoptr(GString) snippet = g_string_new (NULL);
  guint n_words = 0, after = 0;
  gboolean pending_space = FALSE;

  *match_start = -1;
  *match_end = -1;

  /* Find the match, remembering where the few words before it start. */
  for (p = text; next_word (p, text_end, &word_start, &word_end); p = word_end)
    {
      g_autofree char *folded = fold_word (word_start, word_end - word_start);

      ring[n_words % G_N_ELEMENTS (ring)] = word_start;
      n_words++;

      if (word_matches (query, folded))
        {
          match = word_start;
          match_stop = word_end;
          break;
        }
    }

  if (match != NULL)
    {
      from = n_words > G_N_ELEMENTS (ring) ? ring[n_words % G_N_ELEMENTS (ring)] : text;
      p = match_stop;
    }
  else
    {
      from = text;
      p = text;
    }

  /* Extend to a few words after it (or from the start when nothing matched). */
  to = p;
  while (after < SEARCH_SNIPPET_AFTER && next_word (p, text_end, &word_start, &word_end))
    {
      to = word_end;
      p = word_end;
      after++;
    }
  if (after < SEARCH_SNIPPET_AFTER || !next_word (to, text_end, &word_start, &word_end))
    to = text_end;

  if (from > text)
    g_string_append (snippet, "…");

  for (p = from; p < to; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = snippet->len > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (snippet, ' ');
          pending_space = FALSE;
        }

      if (p == match)
        *match_start = (int) snippet->len;
      g_string_append_unichar (snippet, c);
      if (g_utf8_next_char (p) == match_stop)
        *match_end = (int) snippet->len;
    }

  if (to < text_end)
    g_string_append (snippet, "…");

  return g_string_free (g_steal_pointer (&snippet), FALSE);
}

typedef struct
{
  gint64 key;
  gint64 ticket_id;
  gint64 message_id;
} SearchDoc;

static RapportSearchHit *
build_search_hit (RapportStore       *self,
                  const SearchQuery  *query,
                  const SearchDoc    *doc,
                  GError            **error)
{
  g_autofree char *subject = NULL;
  g_autofree char *customer_name = NULL;
  g_autofree char *snippet = NULL;
  RapportTicketStatus status;
  RapportChannel channel;
  gint64 created_at;
  int match_start, match_end;

  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_SEARCH_HIT_TICKET, error);

    if (stmt == NULL)
      return NULL;

    sqlite3_bind_int64 (stmt, 1, doc->ticket_id);
    if (_rapport_store_step (stmt, "Loading a search result", error) != SQLITE_ROW)
      return NULL;

    subject = g_strdup (_rapport_store_column_text (stmt, 0));
    status = status_from_column (stmt, 1);
    channel = channel_from_column (stmt, 2);
    customer_name = g_strdup (_rapport_store_column_text (stmt, 3));
    created_at = sqlite3_column_int64 (stmt, 4);
  }

  if (doc->message_id != 0)
    {
      g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_SEARCH_HIT_MESSAGE, error);

      if (stmt == NULL)
        return NULL;

      sqlite3_bind_int64 (stmt, 1, doc->message_id);
      if (_rapport_store_step (stmt, "Loading a search result", error) != SQLITE_ROW)
        return NULL;

      channel = channel_from_column (stmt, 0);
      created_at = sqlite3_column_int64 (stmt, 1);
      snippet = make_snippet (query, _rapport_store_column_text (stmt, 2), &match_start,
                              &match_end);
    }
  else
    {
      snippet = make_snippet (query, subject, &match_start, &match_end);
    }

  return rapport_search_hit_new (doc->ticket_id, doc->message_id, subject, status, channel,
                                 customer_name, snippet, match_start, match_end, created_at);
}

/* Resolves an FTS row id to its ticket (and message). Returns FALSE on error; *@found is
 * FALSE when the document belongs to another account. */
static gboolean
resolve_search_doc (RapportStore  *self,
                    gint64         account_id,
                    SearchDoc     *doc,
                    gboolean      *found,
                    GError       **error)
{
  gboolean is_ticket = (doc->key & RAPPORT_SEARCH_KEY_TICKET) != 0;
  gint64 id = doc->key & RAPPORT_SEARCH_KEY_ID_MASK;
  g_autoptr(RapportStoreStmt) stmt = get_stmt (self, is_ticket ? STMT_SEARCH_DOC_TICKET
                                                        : STMT_SEARCH_DOC_MESSAGE, error);
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = _rapport_store_step (stmt, "Resolving a search result", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_warning ("The search index refers to a %s %" G_GINT64_FORMAT " that is gone",
                 is_ticket ? "ticket" : "message", id);
      return TRUE;
    }

  if (is_ticket)
    {
      doc->ticket_id = id;
      doc->message_id = 0;
      *found = sqlite3_column_int64 (stmt, 0) == account_id;
    }
  else
    {
      doc->message_id = id;
      doc->ticket_id = sqlite3_column_int64 (stmt, 0);
      *found = sqlite3_column_int64 (stmt, 1) == account_id;
    }

  return TRUE;
}

GPtrArray *
rapport_store_search (RapportStore  *self,
                      gint64         account_id,
                      const char    *query,
                      guint          limit,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) docs = g_array_new (FALSE, FALSE, sizeof (SearchDoc));
  g_autoptr(GHashTable) seen_tickets = NULL;
  g_auto(SearchQuery) parsed = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  parse_search_query (query, &parsed);
  if (parsed.fts == NULL || limit == 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      return g_steal_pointer (&hits);
    }

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  seen_tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Newest documents first; one hit per ticket (its newest matching subject or message). */
  {
    g_autoptr(RapportStoreStmt) stmt = get_stmt (self, STMT_SEARCH, error);
    int rc = SQLITE_DONE;

    ok = stmt != NULL;
    if (ok)
      {
        _rapport_store_bind_text (stmt, 1, parsed.fts);
        while (docs->len < limit &&
               (rc = _rapport_store_step (stmt, "Searching", error)) == SQLITE_ROW)
          {
            SearchDoc doc = { sqlite3_column_int64 (stmt, 0), 0, 0 };
            gboolean found;

            ok = resolve_search_doc (self, account_id, &doc, &found, error);
            if (!ok)
              break;

            if (found && !g_hash_table_contains (seen_tickets, &doc.ticket_id))
              {
                g_hash_table_add (seen_tickets, g_memdup2 (&doc.ticket_id, sizeof doc.ticket_id));
                g_array_append_val (docs, doc);
              }
          }
        ok = ok && rc != 0;
      }
  }

  for (guint i = 0; ok && i < docs->len; i++)
    {
      RapportSearchHit *hit = build_search_hit (self, &parsed,
                                                &g_array_index (docs, SearchDoc, i), error);

      ok = hit != NULL;
      if (ok)
        g_ptr_array_add (hits, hit);
    }

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&hits) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Asynchronous wrappers: each runs the blocking function through the store's thread runner.
 * ------------------------------------------------------------------------------------------- */

/* The arguments of the calls that take an id (account, ticket or customer) and maybe more. */
typedef struct
{
  gint64       id;
  RapportView  view;
  char        *text;  /* resource or query */
  guint        limit;
  guint        counts[RAPPORT_N_VIEWS];
} IdCall;

static IdCall *
id_call_new (gint64 id)
{
  IdCall *call = g_new0 (IdCall, 1);

  call->id = id;

  return call;
}

static void
id_call_free (IdCall *call)
{
  g_free (call->text);
  g_free (call);
}

/* Runs @work on @self with @data; the result is freed with @result_free if nobody takes it. */
static void
run (RapportStore        *self,
     gpointer             source_tag,
     RapportStoreWork     work,
     gpointer             data,
     GDestroyNotify       data_free,
     GDestroyNotify       result_free,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  _rapport_store_run_async (self, self, source_tag, work, data, data_free, result_free,
                            cancellable, callback, user_data);
}

/* open */

static gpointer
open_work (RapportStore  *self,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return RAPPORT_STORE_WORK_BOOLEAN (rapport_store_open (self, cancellable, error));
}

void
rapport_store_open_async (RapportStore        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  run (self, rapport_store_open_async, open_work, NULL, NULL, NULL,
       cancellable, callback, user_data);
}

gboolean
rapport_store_open_finish (RapportStore  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return _rapport_store_run_finish_boolean (self, result, rapport_store_open_async, error);
}

/* add_account */

static gpointer
add_account_work (RapportStore  *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return RAPPORT_STORE_WORK_BOOLEAN (rapport_store_add_account (self, data, cancellable, error));
}

void
rapport_store_add_account_async (RapportStore        *self,
                                 RapportAccount      *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (RAPPORT_IS_ACCOUNT (account));

  run (self, rapport_store_add_account_async, add_account_work,
       g_object_ref (account), g_object_unref, NULL, cancellable, callback, user_data);
}

gboolean
rapport_store_add_account_finish (RapportStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return _rapport_store_run_finish_boolean (self, result, rapport_store_add_account_async, error);
}

/* list_accounts */

static gpointer
list_accounts_work (RapportStore  *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return rapport_store_list_accounts (self, cancellable, error);
}

void
rapport_store_list_accounts_async (RapportStore        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  run (self, rapport_store_list_accounts_async, list_accounts_work, NULL, NULL,
       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_list_accounts_finish:
 *
 * Returns: (transfer container) (element-type RapportAccount): the accounts
 */
GPtrArray *
rapport_store_list_accounts_finish (RapportStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_list_accounts_async, error);
}

/* get_cursor: a NULL cursor without an error is a valid result. */

static gpointer
get_cursor_work (RapportStore  *self,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  IdCall *call = data;

  return rapport_store_get_cursor (self, call->id, call->text, cancellable, error);
}

void
rapport_store_get_cursor_async (RapportStore        *self,
                                gint64               account_id,
                                const char          *resource,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  IdCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (resource != NULL);

  call = id_call_new (account_id);
  call->text = g_strdup (resource);
  run (self, rapport_store_get_cursor_async, get_cursor_work, call, (GDestroyNotify) id_call_free,
       g_free, cancellable, callback, user_data);
}

/**
 * rapport_store_get_cursor_finish:
 *
 * Returns: (transfer full) (nullable): the cursor; %NULL with @error unset when there is none
 */
char *
rapport_store_get_cursor_finish (RapportStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_get_cursor_async, error);
}

/* apply_page */

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
  run (self, rapport_store_apply_page_async, apply_page_work, call, g_free, NULL,
       cancellable, callback, user_data);
}

gboolean
rapport_store_apply_page_finish (RapportStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return _rapport_store_run_finish_boolean (self, result, rapport_store_apply_page_async, error);
}

/* count_views: the counts stay in the call's data, read back by _finish (). */

static gpointer
count_views_work (RapportStore  *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  IdCall *call = data;

  return RAPPORT_STORE_WORK_BOOLEAN (rapport_store_count_views (self, call->id, call->counts,
                                                                cancellable, error));
}

void
rapport_store_count_views_async (RapportStore        *self,
                                 gint64               account_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  run (self, rapport_store_count_views_async, count_views_work, id_call_new (account_id),
       (GDestroyNotify) id_call_free, NULL, cancellable, callback, user_data);
}

gboolean
rapport_store_count_views_finish (RapportStore  *self,
                                  GAsyncResult  *result,
                                  guint         *counts,
                                  GError       **error)
{
  IdCall *call;

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
  IdCall *call = data;

  return rapport_store_list_ticket_ids (self, call->id, call->view, cancellable, error);
}

void
rapport_store_list_ticket_ids_async (RapportStore        *self,
                                     gint64               account_id,
                                     RapportView          view,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  IdCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));

  call = id_call_new (account_id);
  call->view = view;
  run (self, rapport_store_list_ticket_ids_async, list_ticket_ids_work, call,
       (GDestroyNotify) id_call_free, (GDestroyNotify) g_array_unref,
       cancellable, callback, user_data);
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

  return rapport_store_load_tickets (self, (const gint64 *) ids->data, ids->len,
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
  run (self, rapport_store_load_tickets_async, load_tickets_work, copy,
       (GDestroyNotify) g_array_unref, (GDestroyNotify) g_ptr_array_unref,
       cancellable, callback, user_data);
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

/* list_messages */

static gpointer
list_messages_work (RapportStore  *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  IdCall *call = data;

  return rapport_store_list_messages (self, call->id, cancellable, error);
}

void
rapport_store_list_messages_async (RapportStore        *self,
                                   gint64               ticket_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  run (self, rapport_store_list_messages_async, list_messages_work, id_call_new (ticket_id),
       (GDestroyNotify) id_call_free, (GDestroyNotify) g_ptr_array_unref,
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
  IdCall *call = data;

  return rapport_store_load_customer (self, call->id, cancellable, error);
}

void
rapport_store_load_customer_async (RapportStore        *self,
                                   gint64               customer_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  run (self, rapport_store_load_customer_async, load_customer_work, id_call_new (customer_id),
       (GDestroyNotify) id_call_free, g_object_unref, cancellable, callback, user_data);
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
  IdCall *call = data;

  return rapport_store_customer_history (self, call->id, cancellable, error);
}

void
rapport_store_customer_history_async (RapportStore        *self,
                                      gint64               customer_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  run (self, rapport_store_customer_history_async, customer_history_work,
       id_call_new (customer_id), (GDestroyNotify) id_call_free,
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

/* search */

static gpointer
search_work (RapportStore  *self,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  IdCall *call = data;

  return rapport_store_search (self, call->id, call->text, call->limit, cancellable, error);
}

void
rapport_store_search_async (RapportStore        *self,
                            gint64               account_id,
                            const char          *query,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  IdCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));

  call = id_call_new (account_id);
  call->text = g_strdup (query);
  call->limit = limit;
  run (self, rapport_store_search_async, search_work, call, (GDestroyNotify) id_call_free,
       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_search_finish:
 *
 * Returns: (transfer container) (element-type RapportSearchHit): newest first
 */
GPtrArray *
rapport_store_search_finish (RapportStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_search_async, error);
}

/* list_assignees */

static gpointer
list_assignees_work (RapportStore  *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  IdCall *call = data;

  return rapport_store_list_assignees (self, call->id, cancellable, error);
}

void
rapport_store_list_assignees_async (RapportStore        *self,
                                    gint64               account_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  run (self, rapport_store_list_assignees_async, list_assignees_work, id_call_new (account_id),
       (GDestroyNotify) id_call_free, (GDestroyNotify) g_ptr_array_unref,
       cancellable, callback, user_data);
}

/**
 * rapport_store_list_assignees_finish:
 *
 * Returns: (transfer container) (element-type RapportAssignee): sorted by name
 */
GPtrArray *
rapport_store_list_assignees_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_list_assignees_async, error);
}

/* ---------------------------------------------------------------------------------------------
 * For the other modules (rapport-store-private.h)
 * ------------------------------------------------------------------------------------------- */

void
_rapport_store_emit_changed (RapportStore *self,
                             gint64        account_id)
{
  emit_changed (self, account_id);
}

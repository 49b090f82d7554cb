/* rapport-store.c
 *
 * The store object: the connection (opening, PRAGMAs, migrations, closing), the "changed"
 * signal, accounts and sync cursors. The other roles live in rapport-store-apply.c (applying
 * a sync page), rapport-store-views.c (views and reads), rapport-store-assignees.c,
 * rapport-store-search.c, and the toolkit they share in rapport-store-toolkit.c and
 * rapport-store-writer.c (rapport-store-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-core-resources.h"
#include "rapport-store-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#define SQL_RESOURCE_DIR "/io/github/rapportdesk/Rapport/core/sql"
#define BUSY_TIMEOUT_MS  5000
#define PROGRESS_OPS     1000

G_DEFINE_QUARK (rapport-store-error-quark, rapport_store_error)

static const char *sql_account_insert =
  "INSERT INTO accounts (provider_kind, base_url, display_name, user_remote_id, user_name, "
  "role, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char *sql_account_list =
  "SELECT id, provider_kind, base_url, display_name, user_remote_id, user_name, role "
  "FROM accounts ORDER BY id";
static const char *sql_cursor_get =
  "SELECT cursor FROM sync_state WHERE account_id = ?1 AND resource = ?2";

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
 * Small helpers for the store's files (rapport-store-private.h)
 * ------------------------------------------------------------------------------------------- */

gint64
_rapport_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

RapportChannel
_rapport_store_channel_from_column (sqlite3_stmt *stmt,
                                    int           column)
{
  RapportChannel channel = RAPPORT_CHANNEL_EMAIL;
  const char *text = _rapport_store_column_text (stmt, column);

  if (!rapport_channel_from_string (text, &channel))
    g_warning ("Unknown channel “%s” in the database", text ? text : "(null)");

  return channel;
}

RapportTicketStatus
_rapport_store_status_from_column (sqlite3_stmt *stmt,
                                   int           column)
{
  RapportTicketStatus status = RAPPORT_TICKET_STATUS_OPEN;
  const char *text = _rapport_store_column_text (stmt, column);

  if (!rapport_ticket_status_from_string (text, &status))
    g_warning ("Unknown ticket status “%s” in the database", text ? text : "(null)");

  return status;
}

/* ---------------------------------------------------------------------------------------------
 * The "changed" signal
 * ------------------------------------------------------------------------------------------- */

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

void
_rapport_store_emit_changed (RapportStore *self,
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

/* The statement of @sql (no parameters) stepped to its first row, for the caller to read and
 * finalize; NULL with @error set when it yields none. */
static sqlite3_stmt *
step_one_row (RapportStore  *self,
              const char    *sql,
              const char    *what,
              GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      _rapport_store_set_error (error, self->db, rc, what);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

/* The integer in the first column of @sql's first row. */
static gboolean
read_integer (RapportStore  *self,
              const char    *sql,
              const char    *what,
              gint64        *value,
              GError       **error)
{
  sqlite3_stmt *stmt = step_one_row (self, sql, what, error);

  if (stmt == NULL)
    return FALSE;

  *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return TRUE;
}

static gboolean
read_user_version (RapportStore  *self,
                   guint         *version,
                   GError       **error)
{
  gint64 value = 0;

  if (!read_integer (self, "PRAGMA user_version", "Reading the schema version", &value, error))
    return FALSE;

  *version = (guint) value;

  return TRUE;
}

/* The tables a cache of ours holds from migration 0002 on, and which a rescue reads. */
static const char *sql_our_tables =
  "SELECT count (*) FROM sqlite_schema WHERE type = 'table' "
  "AND name IN ('accounts', 'outbox', 'drafts')";
static const char *sql_any_table =
  "SELECT count (*) FROM sqlite_schema";

/* The tables a cache cannot get back from the server, checked at every start. */
static const char * const rescued_tables[] = { "accounts", "outbox", "drafts" };

/* Beside the database: "check the whole file at the next start" (_rapport_store_mark_suspect). */
static char *
suspect_mark_path (const char *path)
{
  return g_strconcat (path, ".check", NULL);
}

void
_rapport_store_mark_suspect (sqlite3 *db)
{
  const char *path = db != NULL ? sqlite3_db_filename (db, "main") : NULL;
  g_autofree char *mark = NULL;

  if (path == NULL || path[0] == '\0')
    return;

  mark = suspect_mark_path (path);
  if (!g_file_test (mark, G_FILE_TEST_EXISTS) && !g_file_set_contents (mark, "", 0, NULL))
    g_warning ("Cannot mark %s for a check", path);
}

/* Runs @sql, a PRAGMA quick_check; CORRUPT unless it answers "ok". */
static gboolean
quick_check (RapportStore  *self,
             const char    *sql,
             GError       **error)
{
  sqlite3_stmt *stmt = step_one_row (self, sql, "Checking the database", error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  if (!ok)
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CORRUPT,
                 "Checking the database: %s", (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return ok;
}

/* Whether the file at @version is a sound cache of ours: another program's database (tables
 * but no version, or a version without our tables) is NOT_OURS, a file that fails
 * PRAGMA quick_check is CORRUPT. A new, empty file passes.
 *
 * What quick_check reads: the whole file when it is marked suspect (a query met damage during
 * the last run), else the tables a rescue keeps. A whole check reads every page (about 0.8 s for
 * a 150 MB cache, seconds for the largest), too slow for every start; a truncated file fails
 * anyway, at its first read (its header names pages the file lacks), a file that is not a
 * database too, and damage elsewhere is met by a query, which marks the file for the next
 * start. */
static gboolean
check_file (RapportStore  *self,
            guint          version,
            GError       **error)
{
  g_autofree char *mark = suspect_mark_path (self->path);
  gint64 count = 0;

  if (version == 0)
    {
      if (!read_integer (self, sql_any_table, "Reading the schema", &count, error))
        return FALSE;
      if (count > 0)
        {
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_OURS,
                       "The database %s holds %" G_GINT64_FORMAT " schema objects but no "
                       "schema version: it is not a Rapport cache", self->path, count);
          return FALSE;
        }
      return TRUE;
    }

  if (version < 2)
    return quick_check (self, "PRAGMA quick_check (1)", error);

  if (!read_integer (self, sql_our_tables, "Reading the schema", &count, error))
    return FALSE;
  if (count != G_N_ELEMENTS (rescued_tables))
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_OURS,
                   "The database %s has schema version %u but lacks Rapport's tables",
                   self->path, version);
      return FALSE;
    }

  if (g_file_test (mark, G_FILE_TEST_EXISTS))
    {
      g_message ("Checking the whole database %s: a query met damage in it", self->path);
      if (!quick_check (self, "PRAGMA quick_check (1)", error))
        return FALSE;
      if (g_unlink (mark) != 0)
        g_warning ("Cannot remove %s: %s", mark, g_strerror (errno));
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rescued_tables); i++)
    {
      /* PRAGMA takes no bound parameters; the names are our own literals. */
      g_autofree char *sql = g_strdup_printf ("PRAGMA quick_check (%s)", rescued_tables[i]);

      if (!quick_check (self, sql, error))
        return FALSE;
    }

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
   * the B-tree and WAL overhead of the large full-text index. A small page cache (8 MB): the
   * file stays in the kernel's cache anyway, a big one costs more in allocation than it
   * saves in reads, and the cache is the part of the app's memory that grows with use (the
   * first past-answers index run filled 32 MB of it, RSS 170-178 MB on the 100 000-customer
   * cache; tools/bench's queries did not move beyond their spread at 8 MB). Checkpoints every 16384 pages (256 MB of WAL) rather than SQLite's
   * 1000: each checkpoint copies pages back and fsyncs, and a large first sync rewrote the
   * same index pages many times over (the 1M-message ingest went from ~49k to ~54k
   * messages/s, tools/bench). The price: the WAL file can reach 256 MB during a large sync
   * (capping it with journal_size_limit gave the gain back); SQLite removes it on close. */
  if (!_rapport_store_exec (self, "PRAGMA page_size = 16384", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA journal_mode = WAL", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA foreign_keys = ON", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA synchronous = NORMAL", "Opening the database", error) ||
      !_rapport_store_exec (self, "PRAGMA cache_size = -8192", "Opening the database", error) ||
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

  if (!check_file (self, version, error))
    goto fail;

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

  stmt = _rapport_store_prepare (self, sql_account_insert, error);
  if (stmt != NULL)
    {
      _rapport_store_bind_text (stmt, 1, rapport_account_get_provider_kind (account));
      _rapport_store_bind_text (stmt, 2, rapport_account_get_base_url (account));
      _rapport_store_bind_text (stmt, 3, rapport_account_get_display_name (account));
      _rapport_store_bind_text_or_null (stmt, 4, rapport_account_get_user_remote_id (account));
      _rapport_store_bind_text (stmt, 5, rapport_account_get_user_name (account));
      _rapport_store_bind_text (stmt, 6, rapport_account_get_role (account));
      sqlite3_bind_int64 (stmt, 7, _rapport_store_now ());

      if (_rapport_store_step_done (stmt, "Adding an account", error))
        id = _rapport_store_inserted_id (self);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  if (id == 0)
    return FALSE;

  rapport_account_set_id (account, id);
  _rapport_store_emit_changed (self, id);

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

  stmt = _rapport_store_prepare (self, sql_account_list, error);
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

  stmt = _rapport_store_prepare (self, sql_cursor_get, error);
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
 * Asynchronous wrappers: each runs the blocking function through the store's thread runner.
 * ------------------------------------------------------------------------------------------- */

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

  _rapport_store_run_async (self, self, rapport_store_open_async, open_work, NULL, NULL, NULL,
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

  _rapport_store_run_async (self, self, rapport_store_add_account_async, add_account_work,
                            g_object_ref (account), g_object_unref, NULL,
                            cancellable, callback, user_data);
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

  _rapport_store_run_async (self, self, rapport_store_list_accounts_async, list_accounts_work,
                            NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                            cancellable, callback, user_data);
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

typedef struct
{
  gint64  account_id;
  char   *resource;
} CursorCall;

static void
cursor_call_free (CursorCall *call)
{
  g_free (call->resource);
  g_free (call);
}

static gpointer
get_cursor_work (RapportStore  *self,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  CursorCall *call = data;

  return rapport_store_get_cursor (self, call->account_id, call->resource, cancellable, error);
}

void
rapport_store_get_cursor_async (RapportStore        *self,
                                gint64               account_id,
                                const char          *resource,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  CursorCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (resource != NULL);

  call = g_new0 (CursorCall, 1);
  call->account_id = account_id;
  call->resource = g_strdup (resource);
  _rapport_store_run_async (self, self, rapport_store_get_cursor_async, get_cursor_work,
                            call, (GDestroyNotify) cursor_call_free, g_free,
                            cancellable, callback, user_data);
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

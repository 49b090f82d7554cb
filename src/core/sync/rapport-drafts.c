/* rapport-drafts.c
 *
 * The composer's drafts, in the drafts table (one row per account and ticket).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-drafts"

#include "config.h"

#include "rapport-drafts.h"
#include "rapport-outbox-private.h"
#include "rapport-store-private.h"

gboolean
_rapport_drafts_delete_locked (sqlite3  *db,
                               gint64    account_id,
                               gint64    ticket_id,
                               GError  **error)
{
  return _rapport_outbox_run_ids (db, "DELETE FROM drafts WHERE account_id = ?1 "
                                      "AND ticket_id = ?2",
                                  "Deleting a draft", 2, account_id, ticket_id, 0, error);
}

gboolean
rapport_drafts_save (RapportStore       *store,
                     gint64              account_id,
                     gint64              ticket_id,
                     RapportVisibility   visibility,
                     const char         *body,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr(OutboxStmt) stmt = NULL;
  sqlite3 *db;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  /* An emptied composer has no draft. */
  if (body[0] == '\0')
    return rapport_drafts_delete (store, account_id, ticket_id, cancellable, error);

  db = _rapport_store_lock (store, cancellable, error);
  if (db == NULL)
    return FALSE;

  stmt = _rapport_outbox_prepare (db, "INSERT INTO drafts (account_id, ticket_id, visibility, "
                                      "body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                                      "ON CONFLICT (account_id, ticket_id) DO UPDATE "
                                      "SET visibility = excluded.visibility, "
                                      "body = excluded.body, "
                                      "updated_at = excluded.updated_at", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      sqlite3_bind_int64 (stmt, 2, ticket_id);
      _rapport_outbox_bind_text (stmt, 3, visibility == RAPPORT_VISIBILITY_INTERNAL ? "internal"
                                                                                   : "public");
      _rapport_outbox_bind_text (stmt, 4, body);
      sqlite3_bind_int64 (stmt, 5, _rapport_outbox_now_ms () / 1000);
      ok = _rapport_outbox_step (db, stmt, "Saving a draft", error) != 0;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  _rapport_store_unlock (store);

  return ok;
}

/**
 * rapport_drafts_load:
 * @visibility: (out) (optional): the draft's visibility
 *
 * Returns: (transfer full) (nullable): the draft, %NULL when there is none or on error
 */
char *
rapport_drafts_load (RapportStore       *store,
                     gint64              account_id,
                     gint64              ticket_id,
                     RapportVisibility  *visibility,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr(OutboxStmt) stmt = NULL;
  char *body = NULL;
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  db = _rapport_store_lock (store, cancellable, error);
  if (db == NULL)
    return NULL;

  stmt = _rapport_outbox_prepare (db, "SELECT body, visibility FROM drafts "
                                      "WHERE account_id = ?1 AND ticket_id = ?2", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      sqlite3_bind_int64 (stmt, 2, ticket_id);
      if (_rapport_outbox_step (db, stmt, "Loading a draft", error) == SQLITE_ROW)
        {
          body = g_strdup (_rapport_outbox_column_text (stmt, 0));
          if (visibility != NULL)
            *visibility = g_strcmp0 (_rapport_outbox_column_text (stmt, 1), "internal") == 0
                            ? RAPPORT_VISIBILITY_INTERNAL : RAPPORT_VISIBILITY_PUBLIC;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  _rapport_store_unlock (store);

  return body;
}

gboolean
rapport_drafts_delete (RapportStore  *store,
                       gint64         account_id,
                       gint64         ticket_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  db = _rapport_store_lock (store, cancellable, error);
  if (db == NULL)
    return FALSE;

  ok = _rapport_drafts_delete_locked (db, account_id, ticket_id, error);
  _rapport_store_unlock (store);

  return ok;
}

/* ---------------------------------------------------------------------------------------------
 * Async wrappers
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64             account_id;
  gint64             ticket_id;
  RapportVisibility  visibility;
  char              *body;
} DraftData;

static void
draft_data_free (gpointer data)
{
  DraftData *d = data;

  g_free (d->body);
  g_free (d);
}

static DraftData *
draft_data_new (gint64             account_id,
                gint64             ticket_id,
                RapportVisibility  visibility,
                const char        *body)
{
  DraftData *d = g_new0 (DraftData, 1);

  d->account_id = account_id;
  d->ticket_id = ticket_id;
  d->visibility = visibility;
  d->body = g_strdup (body);

  return d;
}

static gpointer
save_work (RapportStore  *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  DraftData *d = data;

  return OUTBOX_BOOLEAN (rapport_drafts_save (store, d->account_id, d->ticket_id, d->visibility,
                                              d->body, cancellable, error));
}

void
rapport_drafts_save_async (RapportStore        *store,
                           gint64               account_id,
                           gint64               ticket_id,
                           RapportVisibility    visibility,
                           const char          *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (body != NULL);

  _rapport_outbox_run (store, save_work,
                       draft_data_new (account_id, ticket_id, visibility, body), draft_data_free,
                       NULL, rapport_drafts_save_async, cancellable, callback, user_data);
}

gboolean
rapport_drafts_save_finish (RapportStore  *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _rapport_outbox_finish (store, result, rapport_drafts_save_async, error) != NULL;
}

/* The loaded draft travels as a DraftData (body NULL: none). */
static gpointer
load_work (RapportStore  *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  DraftData *d = data;
  GError *local_error = NULL;
  DraftData *loaded = draft_data_new (d->account_id, d->ticket_id, RAPPORT_VISIBILITY_PUBLIC,
                                      NULL);

  loaded->body = rapport_drafts_load (store, d->account_id, d->ticket_id, &loaded->visibility,
                                      cancellable, &local_error);
  if (local_error != NULL)
    {
      draft_data_free (loaded);
      g_propagate_error (error, local_error);
      return NULL;
    }

  return loaded;
}

void
rapport_drafts_load_async (RapportStore        *store,
                           gint64               account_id,
                           gint64               ticket_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  _rapport_outbox_run (store, load_work,
                       draft_data_new (account_id, ticket_id, RAPPORT_VISIBILITY_PUBLIC, NULL),
                       draft_data_free, draft_data_free, rapport_drafts_load_async, cancellable,
                       callback, user_data);
}

/**
 * rapport_drafts_load_finish:
 * @visibility: (out) (optional): the draft's visibility
 *
 * Returns: (transfer full) (nullable): the draft; %NULL when there is none (no error) or on
 *   error
 */
char *
rapport_drafts_load_finish (RapportStore       *store,
                            GAsyncResult       *result,
                            RapportVisibility  *visibility,
                            GError            **error)
{
  DraftData *loaded = _rapport_outbox_finish (store, result, rapport_drafts_load_async, error);
  char *body;

  if (loaded == NULL)
    return NULL;

  body = g_steal_pointer (&loaded->body);
  if (body != NULL && visibility != NULL)
    *visibility = loaded->visibility;
  draft_data_free (loaded);

  return body;
}

static gpointer
delete_work (RapportStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  DraftData *d = data;

  return OUTBOX_BOOLEAN (rapport_drafts_delete (store, d->account_id, d->ticket_id, cancellable,
                                                error));
}

void
rapport_drafts_delete_async (RapportStore        *store,
                             gint64               account_id,
                             gint64               ticket_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  _rapport_outbox_run (store, delete_work,
                       draft_data_new (account_id, ticket_id, RAPPORT_VISIBILITY_PUBLIC, NULL),
                       draft_data_free, NULL, rapport_drafts_delete_async, cancellable, callback,
                       user_data);
}

gboolean
rapport_drafts_delete_finish (RapportStore  *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _rapport_outbox_finish (store, result, rapport_drafts_delete_async, error) != NULL;
}

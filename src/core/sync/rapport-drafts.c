/* rapport-drafts.c
 *
 * The composer's drafts, in the drafts table (one row per account and ticket), through the
 * store toolkit (rapport-store-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-drafts"

#include "config.h"

#include "rapport-drafts.h"
#include "rapport-outbox-private.h"

gboolean
_rapport_drafts_delete_locked (RapportStore  *store,
                               gint64         account_id,
                               gint64         ticket_id,
                               GError       **error)
{
  return _rapport_store_exec_ids (store, "DELETE FROM drafts WHERE account_id = ?1 "
                                         "AND ticket_id = ?2",
                                  "Deleting a draft", 2, account_id, ticket_id, 0, error);
}

static gboolean
save_locked (RapportStore       *store,
             gint64              account_id,
             gint64              ticket_id,
             RapportVisibility   visibility,
             const char         *body,
             GError            **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;

  stmt = _rapport_store_prepare (store, "INSERT INTO drafts (account_id, ticket_id, visibility, "
                                        "body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                                        "ON CONFLICT (account_id, ticket_id) DO UPDATE "
                                        "SET visibility = excluded.visibility, "
                                        "body = excluded.body, "
                                        "updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, ticket_id);
  _rapport_store_bind_text (stmt, 3, visibility == RAPPORT_VISIBILITY_INTERNAL ? "internal"
                                                                               : "public");
  _rapport_store_bind_text (stmt, 4, body);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);

  return _rapport_store_step_done (stmt, "Saving a draft", error);
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
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  /* An emptied composer has no draft. */
  if (body[0] == '\0')
    return rapport_drafts_delete (store, account_id, ticket_id, cancellable, error);

  if (_rapport_store_lock (store, cancellable, error) == NULL)
    return FALSE;

  ok = save_locked (store, account_id, ticket_id, visibility, body, error);
  _rapport_store_unlock (store);

  return ok;
}

static char *
load_locked (RapportStore       *store,
             gint64              account_id,
             gint64              ticket_id,
             RapportVisibility  *visibility,
             GError            **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;

  stmt = _rapport_store_prepare (store, "SELECT body, visibility FROM drafts "
                                        "WHERE account_id = ?1 AND ticket_id = ?2", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, ticket_id);
  if (_rapport_store_step (stmt, "Loading a draft", error) != SQLITE_ROW)
    return NULL;

  if (visibility != NULL)
    *visibility = g_strcmp0 (_rapport_store_column_text (stmt, 1), "internal") == 0
                    ? RAPPORT_VISIBILITY_INTERNAL : RAPPORT_VISIBILITY_PUBLIC;

  return g_strdup (_rapport_store_column_text (stmt, 0));
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
  char *body;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  if (_rapport_store_lock (store, cancellable, error) == NULL)
    return NULL;

  body = load_locked (store, account_id, ticket_id, visibility, error);
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
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  if (_rapport_store_lock (store, cancellable, error) == NULL)
    return FALSE;

  ok = _rapport_drafts_delete_locked (store, account_id, ticket_id, error);
  _rapport_store_unlock (store);

  return ok;
}

/* ---------------------------------------------------------------------------------------------
 * Async wrappers: the blocking call in a worker thread (the store's runner).
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64             account_id;
  gint64             ticket_id;
  RapportVisibility  visibility; /* load: written by the work */
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

  return RAPPORT_STORE_WORK_BOOLEAN (rapport_drafts_save (store, d->account_id, d->ticket_id,
                                                          d->visibility, d->body, cancellable,
                                                          error));
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

  _rapport_store_run_async (store, store, rapport_drafts_save_async, save_work,
                            draft_data_new (account_id, ticket_id, visibility, body),
                            draft_data_free, NULL, cancellable, callback, user_data);
}

gboolean
rapport_drafts_save_finish (RapportStore  *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _rapport_store_run_finish_boolean (store, result, rapport_drafts_save_async, error);
}

static gpointer
load_work (RapportStore  *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  DraftData *d = data;

  return rapport_drafts_load (store, d->account_id, d->ticket_id, &d->visibility, cancellable,
                              error);
}

void
rapport_drafts_load_async (RapportStore        *store,
                           gint64               account_id,
                           gint64               ticket_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  _rapport_store_run_async (store, store, rapport_drafts_load_async, load_work,
                            draft_data_new (account_id, ticket_id, RAPPORT_VISIBILITY_PUBLIC,
                                            NULL),
                            draft_data_free, g_free, cancellable, callback, user_data);
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
  char *body = _rapport_store_run_finish (store, result, rapport_drafts_load_async, error);

  if (body != NULL && visibility != NULL)
    *visibility = ((DraftData *) _rapport_store_run_get_data (result))->visibility;

  return body;
}

static gpointer
delete_work (RapportStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  DraftData *d = data;

  return RAPPORT_STORE_WORK_BOOLEAN (rapport_drafts_delete (store, d->account_id, d->ticket_id,
                                                            cancellable, error));
}

void
rapport_drafts_delete_async (RapportStore        *store,
                             gint64               account_id,
                             gint64               ticket_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  _rapport_store_run_async (store, store, rapport_drafts_delete_async, delete_work,
                            draft_data_new (account_id, ticket_id, RAPPORT_VISIBILITY_PUBLIC,
                                            NULL),
                            draft_data_free, NULL, cancellable, callback, user_data);
}

gboolean
rapport_drafts_delete_finish (RapportStore  *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _rapport_store_run_finish_boolean (store, result, rapport_drafts_delete_async, error);
}

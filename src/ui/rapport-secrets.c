/* rapport-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-secrets"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-secrets.h"

static const SecretSchema token_schema = {
  RAPPORT_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

const SecretSchema *
rapport_secrets_get_schema (void)
{
  return &token_schema;
}

/* The attributes of @account's token (owned strings), or %NULL with @error set. */
static GHashTable *
account_attributes (RapportAccount  *account,
                    GError         **error)
{
  const char *kind = rapport_account_get_provider_kind (account);
  const char *url = rapport_account_get_base_url (account);
  const char *user = rapport_account_get_user_remote_id (account);
  GHashTable *attributes;

  if (kind == NULL || kind[0] == '\0' || url == NULL || url[0] == '\0' ||
      user == NULL || user[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The %s account “%s” has no base URL or user, so it has no token",
                   kind != NULL ? kind : "(no kind)",
                   rapport_account_get_display_name (account));
      return NULL;
    }

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attributes, (gpointer) "kind", g_strdup (kind));
  g_hash_table_insert (attributes, (gpointer) "url", g_strdup (url));
  g_hash_table_insert (attributes, (gpointer) "user", g_strdup (user));
  return attributes;
}

/* The name of @account's token in the keyring. */
static char *
token_label (RapportAccount *account)
{
  /* Translators: the name of a token in the keyring (Seahorse shows it); the first %s is a
   * helpdesk user name ("sam.agent"), the second a web address */
  return g_strdup_printf (_("Rapport: %s at %s"), rapport_account_get_user_remote_id (account),
                          rapport_account_get_base_url (account));
}

/* A task for @account's token; %NULL when it already finished with an error. */
static GTask *
start_task (RapportAccount      *account,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag,
            GHashTable         **attributes)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);

  *attributes = account_attributes (account, &error);
  if (*attributes == NULL)
    {
      g_task_return_error (task, error);
      return NULL;
    }

  /* libsecret reads the attributes while the call runs: the task keeps them alive. */
  g_task_set_task_data (task, g_hash_table_ref (*attributes),
                        (GDestroyNotify) g_hash_table_unref);
  return g_steal_pointer (&task);
}

/* ------------------------------------------------------------------------------------ */
/* Store                                                                                 */

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
rapport_secrets_store_token_async (RapportAccount      *account,
                                   const char          *token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (RAPPORT_IS_ACCOUNT (account));
  g_return_if_fail (token != NULL && token[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_task (account, cancellable, callback, user_data,
                     rapport_secrets_store_token_async, &attributes);
  if (task == NULL)
    return;
  /* Report what the keyring did, even when @cancellable fired meanwhile: a caller that
   * cancelled must learn that the token was stored after all (and remove it). */
  g_task_set_check_cancellable (task, FALSE);

  label = token_label (account);

  secret_password_storev (&token_schema, attributes, SECRET_COLLECTION_DEFAULT, label, token,
                          cancellable, on_stored_cb, task);
}

gboolean
rapport_secrets_store_token_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_secrets_store_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Deleting every copy                                                                   */

/* The task data of a replacement and of a removal: both end by deleting every item of the
 * account's attributes but the one that stays. */
typedef struct
{
  GHashTable *attributes;
  char       *keep;       /* the secret that stays (the new token), wiped when freed; NULL:
                           * none does */
  guint       pending;    /* deletions under way */
  gboolean    stored;     /* a replacement's new token is in the keyring */
  gboolean    deleted;    /* an item went */
  GError     *error;      /* the first deletion that failed */
} WipeData;

static void
wipe_data_free (WipeData *data)
{
  g_clear_pointer (&data->attributes, g_hash_table_unref);
  g_clear_pointer (&data->keep, rapport_secrets_token_free);
  g_clear_error (&data->error);
  g_free (data);
}

/* A task that deletes every copy of @account's token but @keep; %NULL when it already
 * finished with an error. Like a store, it reports what the keyring did, even after
 * @cancellable fired: a deletion under way is not taken back. */
static GTask *
start_wipe_task (RapportAccount      *account,
                 const char          *keep,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;
  WipeData *data;

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (WipeData, 1);
  data->keep = g_strdup (keep);
  g_task_set_task_data (task, data, (GDestroyNotify) wipe_data_free);

  data->attributes = account_attributes (account, &error);
  if (data->attributes == NULL)
    {
      g_task_return_error (task, error);
      return NULL;
    }

  return g_steal_pointer (&task);
}

/* A replacement finishes with TRUE, a removal with whether there was a copy. */
static void
finish_wipe (GTask *task)
{
  WipeData *data = g_task_get_task_data (task);

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, data->keep != NULL || data->deleted);
}

static void
wipe_done (GTask    *task,
           gboolean  deleted,
           GError   *error)
{
  WipeData *data = g_task_get_task_data (task);

  data->deleted |= deleted;
  if (error != NULL && data->error == NULL)
    data->error = error;
  else
    g_clear_error (&error);

  if (--data->pending == 0)
    finish_wipe (task);
}

/* An item deleted, or (the file backend) the items of the attributes cleared. */
static void
on_copy_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean deleted;

  if (SECRET_IS_ITEM (source))
    deleted = secret_item_delete_finish (SECRET_ITEM (source), result, &error);
  else
    deleted = secret_password_clear_finish (result, &error);

  wipe_done (task, deleted, error);
}

/* Every item of the account's attributes, in every collection, the locked ones unlocked
 * first (a token kept in a keyring that was locked, which a plain clear passes over): each
 * goes but the one whose secret is data->keep. */
static void
on_copies_found_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WipeData *data = g_task_get_task_data (task);
  gboolean clear = FALSE;
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_list_free_full (items, g_object_unref);
      g_task_return_error (task, error);
      return;
    }

  /* Held until the last deletion ended. */
  data->pending = 1;

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(SecretValue) value = NULL;

      /* Only the Secret Service keeps items apart; the file backend of a sandbox holds one
       * item per attributes, which a store replaced and a clear deletes. */
      if (!SECRET_IS_ITEM (l->data))
        {
          clear |= data->keep == NULL;
          continue;
        }

      if (data->keep != NULL)
        {
          value = secret_item_get_secret (l->data);
          if (value != NULL && g_strcmp0 (secret_value_get_text (value), data->keep) == 0)
            continue;
        }

      /* An item whose unlock was refused stays locked: its deletion fails, and says so. */
      data->pending++;
      secret_item_delete (l->data, NULL, on_copy_deleted_cb, g_object_ref (task));
    }
  g_list_free_full (items, g_object_unref);

  if (clear)
    {
      data->pending++;
      secret_password_clearv (&token_schema, data->attributes, NULL, on_copy_deleted_cb,
                              g_object_ref (task));
    }

  wipe_done (task, FALSE, NULL);
}

/* Takes over @task (a start_wipe_task()'s). */
static void
wipe_copies (GTask *task)
{
  WipeData *data = g_task_get_task_data (task);
  SecretSearchFlags flags = SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK;

  /* The secrets tell the copy that stays from the others. After a replacement's store the
   * old copies go whatever happens; a removal may be cancelled until it deletes. */
  if (data->keep != NULL)
    flags |= SECRET_SEARCH_LOAD_SECRETS;

  secret_password_searchv (&token_schema, data->attributes, flags,
                           data->keep == NULL ? g_task_get_cancellable (task) : NULL,
                           on_copies_found_cb, task);
}

/* ------------------------------------------------------------------------------------ */
/* Replace                                                                               */

static void
on_replace_stored_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Any other item of the account's attributes is an old token the store did not replace,
   * kept in another collection than the default one. */
  ((WipeData *) g_task_get_task_data (task))->stored = TRUE;
  wipe_copies (g_steal_pointer (&task));
}

void
rapport_secrets_replace_token_async (RapportAccount      *account,
                                     const char          *token,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *label = NULL;
  WipeData *data;
  GTask *task;

  g_return_if_fail (RAPPORT_IS_ACCOUNT (account));
  g_return_if_fail (token != NULL && token[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_wipe_task (account, token, cancellable, callback, user_data,
                          rapport_secrets_replace_token_async);
  if (task == NULL)
    return;

  data = g_task_get_task_data (task);
  label = token_label (account);
  secret_password_storev (&token_schema, data->attributes, SECRET_COLLECTION_DEFAULT, label,
                          token, cancellable, on_replace_stored_cb, task);
}

gboolean
rapport_secrets_replace_token_finish (GAsyncResult  *result,
                                      gboolean      *stored,
                                      GError       **error)
{
  WipeData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_secrets_replace_token_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (stored != NULL)
    *stored = data != NULL && data->stored;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Lookup                                                                                */

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) rapport_secrets_token_free);
}

void
rapport_secrets_lookup_token_async (RapportAccount      *account,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (RAPPORT_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_task (account, cancellable, callback, user_data,
                     rapport_secrets_lookup_token_async, &attributes);
  if (task == NULL)
    return;

  secret_password_lookupv (&token_schema, attributes, cancellable, on_looked_up_cb, task);
}

/**
 * rapport_secrets_lookup_token_finish:
 *
 * Returns: (transfer full) (nullable): the token; free it with rapport_secrets_token_free()
 */
char *
rapport_secrets_lookup_token_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_secrets_lookup_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Clear                                                                                 */

void
rapport_secrets_clear_token_async (RapportAccount      *account,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RAPPORT_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_wipe_task (account, NULL, cancellable, callback, user_data,
                          rapport_secrets_clear_token_async);
  if (task != NULL)
    wipe_copies (task);
}

gboolean
rapport_secrets_clear_token_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_secrets_clear_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rapport_secrets_token_free (char *token)
{
  if (token != NULL)
    secret_password_free (token);
}

/* rapport-provider-registry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-provider-registry"

#include "config.h"

#include "rapport-provider-registry.h"

#include "rapport-demo-backend.h"
#include "rapport-rt-backend.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static GPtrArray *backends; /* (element-type RapportProviderBackend): static descriptions */

static gboolean
is_complete (const RapportProviderBackend *backend)
{
  return backend->kind != NULL && backend->kind[0] != '\0' &&
         backend->display_name != NULL &&
         backend->check_connection_async != NULL &&
         backend->check_connection_finish != NULL &&
         backend->describe_account != NULL &&
         backend->new_provider != NULL;
}

static const RapportProviderBackend *
find_kind (const char *kind)
{
  for (guint i = 0; kind != NULL && i < backends->len; i++)
    {
      const RapportProviderBackend *backend = g_ptr_array_index (backends, i);

      if (strcmp (backend->kind, kind) == 0)
        return backend;
    }

  return NULL;
}

static void
ensure_builtins (void)
{
  if (backends != NULL)
    return;

  backends = g_ptr_array_new ();
  g_ptr_array_add (backends, (gpointer) rapport_rt_backend_get ());
  g_ptr_array_add (backends, (gpointer) rapport_demo_backend_get ());
}

/**
 * rapport_provider_registry_register:
 * @backend: (transfer none): a description that lives as long as the process
 *
 * Adds a backend. Its kind must not be registered yet.
 */
void
rapport_provider_registry_register (const RapportProviderBackend *backend)
{
  g_return_if_fail (backend != NULL);
  g_return_if_fail (is_complete (backend));

  ensure_builtins ();
  g_return_if_fail (find_kind (backend->kind) == NULL);

  g_ptr_array_add (backends, (gpointer) backend);
}

/**
 * rapport_provider_registry_lookup:
 * @kind: (nullable): a provider kind, as stored in an account
 *
 * Returns: (transfer none): the backend of @kind, or %NULL with a G_IO_ERROR_NOT_SUPPORTED
 *   whose message is a translated sentence naming the kind.
 */
const RapportProviderBackend *
rapport_provider_registry_lookup (const char  *kind,
                                  GError     **error)
{
  const RapportProviderBackend *backend;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_builtins ();
  backend = find_kind (kind);
  if (backend == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("This version of Rapport cannot open accounts of the kind “%s”."),
                 kind != NULL ? kind : "");

  return backend;
}

/**
 * rapport_provider_registry_find:
 * @capabilities: what the backend must be able to do
 *
 * Returns: (transfer none) (nullable): the first registered backend with all of
 *   @capabilities, or %NULL.
 */
const RapportProviderBackend *
rapport_provider_registry_find (RapportProviderCapabilities capabilities)
{
  ensure_builtins ();

  for (guint i = 0; i < backends->len; i++)
    {
      const RapportProviderBackend *backend = g_ptr_array_index (backends, i);

      if ((backend->capabilities & capabilities) == capabilities)
        return backend;
    }

  return NULL;
}

/**
 * rapport_provider_registry_list_addable:
 *
 * Returns: (transfer container) (element-type RapportProviderBackend): the backends a person
 *   can add an account of, in the order they were registered (built-in ones first).
 */
GPtrArray *
rapport_provider_registry_list_addable (void)
{
  GPtrArray *addable = g_ptr_array_new ();

  ensure_builtins ();

  for (guint i = 0; i < backends->len; i++)
    {
      const RapportProviderBackend *backend = g_ptr_array_index (backends, i);

      if (backend->user_addable)
        g_ptr_array_add (addable, (gpointer) backend);
    }

  return addable;
}

/**
 * rapport_provider_registry_new_provider:
 * @account: a stored account
 * @token: (nullable): its token, when its backend needs one
 *
 * Returns: (transfer full): a provider for @account, or %NULL with @error set (the
 *   constructor's error, or the one of rapport_provider_registry_lookup() for a kind this
 *   version does not know).
 */
RapportProvider *
rapport_provider_registry_new_provider (RapportAccount  *account,
                                        const char      *token,
                                        GError         **error)
{
  const RapportProviderBackend *backend;

  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  backend = rapport_provider_registry_lookup (rapport_account_get_provider_kind (account), error);
  if (backend == NULL)
    return NULL;

  return backend->new_provider (account, backend->needs_token ? token : NULL, error);
}

/**
 * rapport_provider_backend_get_display_name:
 *
 * Returns: the backend's name in the user's language ("Request Tracker").
 */
const char *
rapport_provider_backend_get_display_name (const RapportProviderBackend *backend)
{
  g_return_val_if_fail (backend != NULL, NULL);

  return _(backend->display_name);
}

/**
 * rapport_provider_backend_get_token_help:
 *
 * Returns: (nullable): where to find a token, in the user's language, or %NULL.
 */
const char *
rapport_provider_backend_get_token_help (const RapportProviderBackend *backend)
{
  g_return_val_if_fail (backend != NULL, NULL);

  return backend->token_help != NULL ? _(backend->token_help) : NULL;
}

/**
 * rapport_provider_backend_describe_account:
 * @backend: the backend of @account's kind
 * @account: an account
 *
 * Returns: (transfer full): one line about @account in the user's language, for lists of
 *   accounts ("Request Tracker at https://rt.example.com").
 */
char *
rapport_provider_backend_describe_account (const RapportProviderBackend *backend,
                                           RapportAccount               *account)
{
  g_return_val_if_fail (backend != NULL, NULL);
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), NULL);

  return backend->describe_account (account);
}

/**
 * rapport_provider_backend_check_connection_async:
 * @backend: a backend
 * @base_url: (nullable): the address as typed, when the backend needs one
 * @token: (nullable): the token as typed, when the backend needs one (the check keeps a copy
 *   that it wipes)
 * @session: (nullable): the session to use, or %NULL for the check's own
 *
 * Runs the backend's connection check.
 */
void
rapport_provider_backend_check_connection_async (const RapportProviderBackend *backend,
                                                 const char                   *base_url,
                                                 const char                   *token,
                                                 SoupSession                  *session,
                                                 GCancellable                 *cancellable,
                                                 GAsyncReadyCallback           callback,
                                                 gpointer                      user_data)
{
  g_return_if_fail (backend != NULL);
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  backend->check_connection_async (backend->needs_url ? base_url : NULL,
                                   backend->needs_token ? token : NULL,
                                   session, cancellable, callback, user_data);
}

/**
 * rapport_provider_backend_check_connection_finish:
 *
 * Returns: (transfer full): the account that works (not stored), or %NULL with @error set
 *   (see #RapportCheckConnectionFinishFunc).
 */
RapportAccount *
rapport_provider_backend_check_connection_finish (const RapportProviderBackend  *backend,
                                                  GAsyncResult                  *result,
                                                  GError                       **error)
{
  g_return_val_if_fail (backend != NULL, NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return backend->check_connection_finish (result, error);
}

/**
 * rapport_provider_backend_new_sibling_accounts:
 * @backend: the backend of @account's kind
 * @account: an account its connection check made
 *
 * Returns: (transfer container) (element-type RapportAccount): the other accounts of
 *   @account's workspace a person may use besides it, not stored; empty for most backends.
 */
GPtrArray *
rapport_provider_backend_new_sibling_accounts (const RapportProviderBackend *backend,
                                               RapportAccount               *account)
{
  g_return_val_if_fail (backend != NULL, NULL);
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), NULL);

  if (backend->new_sibling_accounts == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  return backend->new_sibling_accounts (account);
}

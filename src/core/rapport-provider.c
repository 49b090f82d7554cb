/* rapport-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-provider"

#include "config.h"

#include "rapport-provider.h"

G_DEFINE_QUARK (rapport-provider-error-quark, rapport_provider_error)

G_DEFINE_INTERFACE (RapportProvider, rapport_provider, G_TYPE_OBJECT)

static void
rapport_provider_default_init (RapportProviderInterface *iface)
{
}

/**
 * rapport_provider_get_kind:
 * @self: a #RapportProvider
 *
 * Returns: the backend kind ("demo", "rt", "zendesk" …), owned by the provider.
 */
const char *
rapport_provider_get_kind (RapportProvider *self)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_kind != NULL, NULL);

  return iface->get_kind (self);
}

void
rapport_provider_whoami_async (RapportProvider     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_if_fail (iface->whoami_async != NULL);

  iface->whoami_async (self, cancellable, callback, user_data);
}

/**
 * rapport_provider_whoami_finish:
 *
 * Returns: (transfer full): a new account describing the signed-in user, or %NULL with
 *   @error set.
 */
RapportAccount *
rapport_provider_whoami_finish (RapportProvider  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->whoami_finish != NULL, NULL);

  return iface->whoami_finish (self, result, error);
}

void
rapport_provider_pull_changes_async (RapportProvider     *self,
                                     const char          *cursor,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_if_fail (iface->pull_changes_async != NULL);

  iface->pull_changes_async (self, cursor, cancellable, callback, user_data);
}

/**
 * rapport_provider_pull_changes_finish:
 *
 * Returns: (transfer full): the page, or %NULL with @error set.
 */
RapportSyncPage *
rapport_provider_pull_changes_finish (RapportProvider  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->pull_changes_finish != NULL, NULL);

  return iface->pull_changes_finish (self, result, error);
}

void
rapport_provider_fetch_ticket_history_async (RapportProvider     *self,
                                             const char          *ticket_remote_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (ticket_remote_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_if_fail (iface->fetch_ticket_history_async != NULL);

  iface->fetch_ticket_history_async (self, ticket_remote_id, cancellable, callback, user_data);
}

/**
 * rapport_provider_fetch_ticket_history_finish:
 *
 * Returns: (transfer full) (element-type RapportMessage): the ticket's messages, oldest
 *   first, or %NULL with @error set.
 */
GPtrArray *
rapport_provider_fetch_ticket_history_finish (RapportProvider  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->fetch_ticket_history_finish != NULL, NULL);

  return iface->fetch_ticket_history_finish (self, result, error);
}

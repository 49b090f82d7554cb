/* rapport-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-account.h"
#include "rapport-sync-page.h"
#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_PROVIDER_ERROR (rapport_provider_error_quark ())
GQuark rapport_provider_error_quark (void);

typedef enum
{
  RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED,
  RAPPORT_PROVIDER_ERROR_FORBIDDEN,
  RAPPORT_PROVIDER_ERROR_NOT_FOUND,
  RAPPORT_PROVIDER_ERROR_CONFLICT,
  RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
  RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
  RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
  RAPPORT_PROVIDER_ERROR_NETWORK,
  RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
} RapportProviderError;

#define RAPPORT_TYPE_PROVIDER (rapport_provider_get_type ())
G_DECLARE_INTERFACE (RapportProvider, rapport_provider, RAPPORT, PROVIDER, GObject)

/* The contract every helpdesk backend implements. Pull side only for now; the write side
 * (post_message, update_ticket) arrives with the outbox and is not declared until it is
 * implemented and tested.
 *
 * Every method is asynchronous, speaks core types (never JSON), and reports failures in the
 * RAPPORT_PROVIDER_ERROR domain (or G_IO_ERROR_CANCELLED). */
struct _RapportProviderInterface
{
  GTypeInterface parent_iface;

  /* "demo", "rt", "zendesk" … */
  const char      *(*get_kind)                   (RapportProvider      *self);

  /* Who the credentials belong to: fills user-remote-id, user-name and role of a new
   * RapportAccount (transfer full). */
  void             (*whoami_async)               (RapportProvider      *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  RapportAccount  *(*whoami_finish)              (RapportProvider      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

  /* Next page of changes after @cursor (NULL = from the beginning). */
  void             (*pull_changes_async)         (RapportProvider      *self,
                                                  const char           *cursor,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  RapportSyncPage *(*pull_changes_finish)        (RapportProvider      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

  /* Every message of one ticket, oldest first (element-type RapportMessage). */
  void             (*fetch_ticket_history_async) (RapportProvider      *self,
                                                  const char           *ticket_remote_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  GPtrArray       *(*fetch_ticket_history_finish) (RapportProvider     *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
};

const char      *rapport_provider_get_kind                   (RapportProvider      *self);
void             rapport_provider_whoami_async               (RapportProvider      *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportAccount  *rapport_provider_whoami_finish              (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             rapport_provider_pull_changes_async         (RapportProvider      *self,
                                                              const char           *cursor,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportSyncPage *rapport_provider_pull_changes_finish        (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             rapport_provider_fetch_ticket_history_async (RapportProvider      *self,
                                                              const char           *ticket_remote_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray       *rapport_provider_fetch_ticket_history_finish (RapportProvider     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_END_DECLS

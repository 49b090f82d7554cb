/* rapport-provider-registry.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "rapport-account.h"
#include "rapport-provider.h"

G_BEGIN_DECLS

/* A backend's connection check (e.g. rapport_rt_check_connection_async()): whether @base_url
 * and @token give a working account, and the account if they do. @session may be %NULL (the
 * check makes its own). A backend that needs no address or no token ignores them. */
typedef void             (*RapportCheckConnectionAsyncFunc)  (const char          *base_url,
                                                              const char          *token,
                                                              SoupSession         *session,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
/* The account that works (not stored: id 0), or %NULL with a RAPPORT_CONNECTION_ERROR (whose
 * message is a translated sentence for the person adding the account) or
 * G_IO_ERROR_CANCELLED. */
typedef RapportAccount  *(*RapportCheckConnectionFinishFunc) (GAsyncResult        *result,
                                                              GError             **error);
/* One line about @account for people, translated: where its data comes from ("Request
 * Tracker at https://rt.example.com"). */
typedef char            *(*RapportAccountDescribeFunc)       (RapportAccount      *account);
/* A provider for a stored @account of this kind, with its @token (%NULL when the backend
 * needs none; the constructor keeps its own copy). */
typedef RapportProvider *(*RapportProviderNewFunc)           (RapportAccount      *account,
                                                              const char          *token,
                                                              GError             **error);
/* The other accounts of @account's workspace a person may use besides it, not stored
 * (RapportAccount, id 0): for the demo, its supervisor beside its agent. */
typedef GPtrArray       *(*RapportSiblingAccountsFunc)       (RapportAccount      *account);

/* What the application knows of one helpdesk backend before any provider exists. Backends
 * describe themselves with a static instance (rapport_rt_backend_get() …).
 *
 *   kind             the provider kind of its accounts and providers ("rt", "demo" …);
 *   display_name     its name for people, marked with N_() ("Request Tracker");
 *   token_help       marked with N_(): where a person finds the token, or %NULL;
 *   capabilities     what its providers can do (rapport_provider_get_capabilities() of every
 *                    provider it makes says the same);
 *   needs_url        a person adding an account types the server's address;
 *   needs_token      the account needs an API token (kept in the keyring);
 *   user_addable     offered in the "Add Account" dialog;
 *   check_connection_async/_finish  the connection check (for a backend that needs neither
 *                    an address nor a token, it makes a new account);
 *   describe_account one line about an account, for lists of accounts;
 *   new_provider     the constructor;
 *   new_sibling_accounts  %NULL, or for a backend whose connection check makes a new account,
 *                    the other accounts of that account's workspace (made with it). */
typedef struct
{
  const char                       *kind;
  const char                       *display_name;
  const char                       *token_help;
  RapportProviderCapabilities       capabilities;
  gboolean                          needs_url;
  gboolean                          needs_token;
  gboolean                          user_addable;
  RapportCheckConnectionAsyncFunc   check_connection_async;
  RapportCheckConnectionFinishFunc  check_connection_finish;
  RapportAccountDescribeFunc        describe_account;
  RapportProviderNewFunc            new_provider;
  RapportSiblingAccountsFunc        new_sibling_accounts;
} RapportProviderBackend;

/* The registry of backends by kind. The built-in ones (rt, demo) are always there; more can
 * be registered (tests do). Use it from the main thread. */
void                          rapport_provider_registry_register     (const RapportProviderBackend *backend);
const RapportProviderBackend *rapport_provider_registry_lookup       (const char                   *kind,
                                                                      GError                      **error);
const RapportProviderBackend *rapport_provider_registry_find          (RapportProviderCapabilities   capabilities);
GPtrArray                    *rapport_provider_registry_list_addable (void);
RapportProvider              *rapport_provider_registry_new_provider (RapportAccount               *account,
                                                                      const char                   *token,
                                                                      GError                      **error);

const char                   *rapport_provider_backend_get_display_name      (const RapportProviderBackend *backend);
const char                   *rapport_provider_backend_get_token_help        (const RapportProviderBackend *backend);
char                         *rapport_provider_backend_describe_account      (const RapportProviderBackend *backend,
                                                                              RapportAccount               *account);
void                          rapport_provider_backend_check_connection_async  (const RapportProviderBackend *backend,
                                                                                const char                   *base_url,
                                                                                const char                   *token,
                                                                                SoupSession                  *session,
                                                                                GCancellable                 *cancellable,
                                                                                GAsyncReadyCallback           callback,
                                                                                gpointer                      user_data);
RapportAccount               *rapport_provider_backend_check_connection_finish (const RapportProviderBackend *backend,
                                                                                GAsyncResult                 *result,
                                                                                GError                      **error);
GPtrArray                    *rapport_provider_backend_new_sibling_accounts    (const RapportProviderBackend *backend,
                                                                                RapportAccount               *account);

G_END_DECLS

/* rapport-demo-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo-backend"

#include "config.h"

#include "rapport-demo-backend.h"

#include "rapport-demo-provider.h"
#include "rapport-demo.h"

#include <glib/gi18n-lib.h>

static void
check_connection_async (const char          *base_url,
                        const char          *token,
                        SoupSession         *session,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, check_connection_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task,
                         rapport_demo_provider_new_account (RAPPORT_DEMO_DEFAULT_SEED,
                                                            RAPPORT_DEMO_DEFAULT_CUSTOMERS,
                                                            g_get_real_time () / G_USEC_PER_SEC),
                         g_object_unref);
}

static RapportAccount *
check_connection_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == check_connection_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The demo server keeps what the accounts write in its own file, beside the cache: a restart
 * finds the demo server as the cache left it. */
static RapportProvider *
new_provider (RapportAccount  *account,
              const char      *token,
              GError         **error)
{
  g_autofree char *state_dir = g_build_filename (g_get_user_data_dir (), "rapport",
                                                 RAPPORT_DEMO_SERVER_DIR, NULL);

  return rapport_demo_provider_new_for_account_in (account, state_dir, error);
}

static char *
describe_account (RapportAccount *account)
{
  return g_strdup (_("Built-in demo data; nothing leaves this computer"));
}

/* A newcomer plays both sides of the demo: its supervisor beside its agent. */
static GPtrArray *
new_sibling_accounts (RapportAccount *account)
{
  GPtrArray *siblings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RapportAccount *supervisor;

  supervisor = rapport_demo_provider_new_supervisor_account_for (account, &error);
  if (supervisor != NULL)
    g_ptr_array_add (siblings, supervisor);
  else
    g_warning ("No supervisor for the demo account: %s", error->message);

  return siblings;
}

static const RapportProviderBackend demo_backend = {
  .kind = RAPPORT_DEMO_PROVIDER_KIND,
  .display_name = N_("Demo"),
  .token_help = NULL,
  .capabilities = RAPPORT_DEMO_PROVIDER_CAPABILITIES,
  .needs_url = FALSE,
  .needs_token = FALSE,
  .user_addable = FALSE,
  .check_connection_async = check_connection_async,
  .check_connection_finish = check_connection_finish,
  .describe_account = describe_account,
  .new_provider = new_provider,
  .new_sibling_accounts = new_sibling_accounts,
};

/**
 * rapport_demo_backend_get:
 *
 * Returns: (transfer none): the description of the demo backend
 */
const RapportProviderBackend *
rapport_demo_backend_get (void)
{
  return &demo_backend;
}

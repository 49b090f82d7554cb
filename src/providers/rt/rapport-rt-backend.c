/* rapport-rt-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-backend"

#include "config.h"

#include "rapport-rt-backend.h"

#include "rapport-rt-connection.h"
#include "rapport-rt-provider.h"

#include <glib/gi18n-lib.h>

static RapportProvider *
new_provider (RapportAccount  *account,
              const char      *token,
              GError         **error)
{
  return rapport_rt_provider_new (rapport_account_get_base_url (account), token, error);
}

static char *
describe_account (RapportAccount *account)
{
  /* Translators: %s is the web address of a Request Tracker server */
  return g_strdup_printf (_("Request Tracker at %s"), rapport_account_get_base_url (account));
}

static const RapportProviderBackend rt_backend = {
  .kind = RAPPORT_RT_PROVIDER_KIND,
  .display_name = N_("Request Tracker"),
  .token_help = N_("Create a token in Request Tracker under Logged in as → Settings → Auth "
                   "Tokens. Rapport keeps it in your keyring."),
  .capabilities = RAPPORT_RT_PROVIDER_CAPABILITIES,
  .needs_url = TRUE,
  .needs_token = TRUE,
  .user_addable = TRUE,
  .check_connection_async = rapport_rt_check_connection_async,
  .check_connection_finish = rapport_rt_check_connection_finish,
  .describe_account = describe_account,
  .new_provider = new_provider,
};

/**
 * rapport_rt_backend_get:
 *
 * Returns: (transfer none): the description of the Request Tracker backend
 */
const RapportProviderBackend *
rapport_rt_backend_get (void)
{
  return &rt_backend;
}

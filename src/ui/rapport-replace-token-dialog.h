/* rapport-replace-token-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-account.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_REPLACE_TOKEN_DIALOG (rapport_replace_token_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportReplaceTokenDialog, rapport_replace_token_dialog,
                      RAPPORT, REPLACE_TOKEN_DIALOG, AdwWindow)

/* The "Replace Token" dialog of a stored @account whose kind needs a token (the provider
 * registry says which): a password row for the new API token, with the kind's help on finding
 * one. Replace (or Enter in the row) checks the token against the account's server with the
 * kind's connection check (rapport_provider_backend_check_connection_async()), asynchronously;
 * a problem is shown under the row as the check's sentence, as the "Add Account" dialog shows
 * it, and so is a token that works for another user or server. A token that works is stored
 * with rapport_secrets_replace_token_async(): the old token is gone from the keyring (nothing
 * else ever held it); then the dialog emits
 * "token-replaced" and closes. A keyring failure is shown the same way, and the old token
 * stays. Cancel or Escape closes it, cancelling a check in flight; a token the keyring stored
 * meanwhile was checked, and is taken into use ("token-replaced" is still emitted).
 *
 * Signals:
 *   "token-replaced" (RapportAccount *account): the keyring holds the new token of @account;
 *     the handler makes the account's workspace use it.
 *
 * Properties:
 *   "busy" boolean, read-only: a check or store is running. */
GtkWidget      *rapport_replace_token_dialog_new         (GtkWindow                 *parent,
                                                          RapportAccount            *account);
RapportAccount *rapport_replace_token_dialog_get_account (RapportReplaceTokenDialog *self);
gboolean        rapport_replace_token_dialog_get_busy    (RapportReplaceTokenDialog *self);

G_END_DECLS

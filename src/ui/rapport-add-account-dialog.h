/* rapport-add-account-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-account.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADD_ACCOUNT_DIALOG (rapport_add_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportAddAccountDialog, rapport_add_account_dialog,
                      RAPPORT, ADD_ACCOUNT_DIALOG, AdwWindow)

/* The "Add Account" dialog: the kind of helpdesk (those the provider registry lists as
 * addable, by name; the first is chosen), and the web address and API token it asks for, with
 * its help on finding a token. Connect (or Enter in the token row) runs the kind's connection
 * check (rapport_provider_backend_check_connection_async()); a problem is shown under the
 * fields as the check's sentence. When the account works, its token (if it has one) is stored
 * with rapport_secrets_store_token_async() — a keyring failure is shown the same way, and then
 * nothing is stored anywhere — and the dialog emits "account-added" and closes. Cancel or
 * Escape closes it, cancelling a check or store in flight.
 *
 * Signals:
 *   "account-added" (RapportAccount *account): the account that works, not yet in the store
 *     (id 0); its token is in the keyring under its kind, base URL and user remote id (see
 *     rapport-secrets.h). The handler adds it to the store.
 *
 * Properties:
 *   "busy" boolean, read-only: a check or store is running. */
GtkWidget *rapport_add_account_dialog_new      (GtkWindow               *parent);
gboolean   rapport_add_account_dialog_get_busy (RapportAddAccountDialog *self);

G_END_DECLS

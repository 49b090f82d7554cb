/* rapport-remove-account-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-account.h"
#include "rapport-store.h"

G_BEGIN_DECLS

/* The response of the dialog that removes the accounts. */
#define RAPPORT_REMOVE_ACCOUNT_RESPONSE "remove"

/* The confirmation before @accounts (element-type RapportAccount: one account, or the demo's
 * accounts, which go together) are removed: what is lost, from @contents (their counts added
 * up; the tickets those of the first account) — the cached tickets removed from this computer
 * (they stay on the helpdesk; the demo's are made again by "Explore the Demo Workspace"), the
 * API token deleted from the keyring (for a kind that has one), and, by their numbers, the
 * replies and notes and the other changes not sent yet and the drafts, which are lost.
 * Responses: "cancel" (the default, and Escape) and RAPPORT_REMOVE_ACCOUNT_RESPONSE
 * (destructive). */
GtkWidget *rapport_remove_account_dialog_new (GtkWindow                    *parent,
                                              GPtrArray                    *accounts,
                                              const RapportAccountContents *contents);

G_END_DECLS

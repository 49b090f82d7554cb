/* rapport-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rapport-authority.h"

G_BEGIN_DECLS

/* The preferences: the undo-send window (GSettings "undo-send-seconds"), the accounts
 * (@accounts: element-type RapportAccount, may be NULL) and, when @authority is given (the
 * shown account's), the refund and credit limits in force and where they come from.
 *
 * The group "Accounts" has one row per account: its name, and the kind of helpdesk as the
 * provider registry describes the account, with where it is ("Request Tracker at
 * https://rt.example.com"). Its buttons "Replace Token…" (only for a kind that needs a
 * token) and "Remove…" activate app.replace-token and app.remove-account with the account's
 * id; each has one accessible name, "Replace token of <account>" and "Remove <account>".
 * rapport_preferences_window_set_accounts() shows another list (after a removal), and
 * rapport_preferences_window_set_authority() the limits of another account shown (NULL: none
 * is, and no limits are shown). */
GtkWidget *rapport_preferences_window_new        (GtkWindow              *parent,
                                                  GPtrArray              *accounts,
                                                  const RapportAuthority *authority);
void       rapport_preferences_window_set_accounts (GtkWidget            *window,
                                                    GPtrArray            *accounts);
void       rapport_preferences_window_set_authority (GtkWidget              *window,
                                                     const RapportAuthority *authority);
/* The group "Refund and Credit Limits": where the limits come from (the helpdesk, which
 * enforces them, or this computer's settings, locked or not, or the defaults) and, once the
 * helpdesk answered, when it did and whether that is its last answer kept from before
 * (offline), the user's role as the helpdesk gives it, and one row per role with its limits. Read-only: neither the role
 * nor the limits can be changed here. */
GtkWidget *rapport_preferences_make_limits_group (const RapportAuthority *authority);

G_END_DECLS

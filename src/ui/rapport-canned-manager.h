/* rapport-canned-manager.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CANNED_MANAGER (rapport_canned_manager_get_type ())
G_DECLARE_FINAL_TYPE (RapportCannedManager, rapport_canned_manager, RAPPORT, CANNED_MANAGER,
                      AdwWindow)

/* The "Canned Responses" window. On the left, every candidate of the store (the workspace's
 * own canned responses and what the helpdesks supplied: rapport_store_list_candidates_async),
 * with a filter; on the right, the selected one.
 *
 * The workspace's own (account id 0) can be created, edited and deleted (with Undo): title,
 * key (derived from the title until edited; unique), body template, short form for chat and
 * social, tags, channels. The body and the short form are checked as they are typed
 * (rapport_template_parse()): an error is shown in words with its line and column, its text
 * is marked, and Save is insensitive until it is fixed. Going to another one (or to a new one)
 * saves the changes; changes with an error are dropped, and a toast says so. Closing the window
 * saves them too; changes with an error are discarded only once the agent confirms. Candidates of a
 * helpdesk account are shown read-only, with where they come from ("From <account name>",
 * else "From the helpdesk").
 *
 * The preview renders the body with the values of a ticket of the cache (a drop-down of the
 * recent tickets of @account, searchable, @ticket first when given): customer's names, the
 * ticket's number, the agent's first name and the last contact; required fields show their
 * prompts, highlighted, as do variables without a value.
 *
 * Keyboard: Ctrl+N new, Ctrl+F filter, Delete (in the list) delete, Ctrl+S save, Escape
 * close.
 *
 * Properties: "store" (construct-only), "account" (construct-only, nullable: the account
 * shown in the main window: its tickets and its agent's name for the preview), "ticket"
 * (construct-only, nullable: the ticket open in the main window). */
GtkWidget *rapport_canned_manager_new (GtkWindow      *parent,
                                       RapportStore   *store,
                                       RapportAccount *account,
                                       RapportTicket  *ticket);

G_END_DECLS

/* rapport-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-approvals-view.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"
#include "rapport-workspace.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_WINDOW (rapport_window_get_type ())
G_DECLARE_FINAL_TYPE (RapportWindow, rapport_window, RAPPORT, WINDOW, AdwApplicationWindow)

/* The main window: views sidebar, ticket list (with search), conversation and customer panel.
 * It starts empty (a spinner) until the application hands it a workspace, or shows an error
 * page when the workspace cannot be opened.
 *
 * Properties: "view" (RapportView; action win.show-view), "customer-panel-visible" (boolean;
 * action win.toggle-customer-panel), "loaded" (read-only: the first view's tickets, the
 * selected ticket and its customer have been shown, or the view is empty after syncing),
 * "syncing" (read-only: a pull is asked for or running: the workspace's "pull-pending"),
 * "failed" (read-only: the workspace could not be opened and the error page is shown). */
RapportWindow *rapport_window_new                (GtkApplication    *application);
/* Shows @workspace (its store, account and engines); a window can be handed another workspace
 * later (switching accounts). The window does not start or stop the workspace. */
void           rapport_window_set_workspace      (RapportWindow     *self,
                                                  RapportWorkspace  *workspace);
RapportWorkspace *rapport_window_get_workspace   (RapportWindow     *self);
/* First start without any account: a welcome page offering to add one or to explore the
 * demo workspace. */
void           rapport_window_show_welcome       (RapportWindow     *self);
/* The page the window shows: "workspace", "welcome" or "error". */
const char    *rapport_window_get_page           (RapportWindow     *self);
/* The accounts, as items of app.switch-account, for the main menu's "Switch Account" and the
 * account switcher in the sidebar's header (the application keeps the model up to date). */
void           rapport_window_set_accounts_model (RapportWindow     *self,
                                                  GMenuModel        *accounts);
RapportStore  *rapport_window_get_store          (RapportWindow     *self);
/* Replaces the workspace with an error page (the store could not be opened, the database is
 * from a newer Rapport, the account is unusable). */
void           rapport_window_show_error         (RapportWindow     *self,
                                                  const GError      *error);
/* Shows a transient problem (e.g. a failed sync) as a toast. */
void           rapport_window_show_sync_error    (RapportWindow     *self,
                                                  const GError      *error);
RapportView    rapport_window_get_view           (RapportWindow     *self);
void           rapport_window_set_view           (RapportWindow     *self,
                                                  RapportView        view);
gboolean       rapport_window_get_loaded         (RapportWindow     *self);
gboolean       rapport_window_get_syncing        (RapportWindow     *self);
gboolean       rapport_window_get_failed         (RapportWindow     *self);
/* The ticket shown in the conversation, or NULL. */
RapportTicket *rapport_window_get_current_ticket (RapportWindow     *self);
/* Saves the text of the composer as its ticket's draft now, rather than after the pause that
 * follows typing: a count of the drafts in the store that comes next finds it (once the
 * sessions' writes ended: rapport_ticket_session_wait_for_writes_async()). */
void           rapport_window_save_draft         (RapportWindow     *self);

/* The Approvals pane (shown to supervisors from the sidebar entry "Approvals"). */
RapportApprovalsView *rapport_window_get_approvals_view (RapportWindow *self);

G_END_DECLS

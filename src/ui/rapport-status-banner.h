/* rapport-status-banner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-workspace.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_STATUS_BANNER (rapport_status_banner_get_type ())
G_DECLARE_FINAL_TYPE (RapportStatusBanner, rapport_status_banner, RAPPORT, STATUS_BANNER, GtkWidget)

/* The banner over the conversation (libadwaita 1.2 has no AdwBanner): the group "Connection
 * status", revealed while the workspace is offline or its account needs attention (sign in
 * again, no right to read the tickets, a token refused over http://), or while its last pull
 * found the server reachable but not answering as it should (a server error, an answer Rapport
 * does not understand, a sign-in page or a redirect instead of the API, an untrusted
 * certificate) or the disk full: its label says which, in rapport_ui_error_to_text()'s words
 * for those. "Offline" only when the server cannot be reached at all. Its button ("Retry Now",
 * "Try Again") activates win.sync-now. Below it, the group "Records that could not be read",
 * revealed while the workspace has records set aside ("set-aside"): how many, and its button
 * "Details" opens the list of them (what each is, why, how many syncs could not read it).
 * Hidden without a workspace.
 *
 * Properties: "workspace" (nullable), "revealed" (read-only: either group is shown). */
GtkWidget        *rapport_status_banner_new           (void);
RapportWorkspace *rapport_status_banner_get_workspace (RapportStatusBanner *self);
void              rapport_status_banner_set_workspace (RapportStatusBanner *self,
                                                       RapportWorkspace    *workspace);
gboolean          rapport_status_banner_get_revealed  (RapportStatusBanner *self);

/* Whether the banner says what @error (a failed pull's, nullable) means, so that nothing else
 * needs to (the application shows other sync errors as a toast). */
gboolean          rapport_status_banner_explains_error (const GError       *error);

G_END_DECLS

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
 * again, or no right to read the tickets), its label saying which. Its button ("Retry Now",
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

G_END_DECLS

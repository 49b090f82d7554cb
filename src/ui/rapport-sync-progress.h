/* rapport-sync-progress.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-workspace.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SYNC_PROGRESS (rapport_sync_progress_get_type ())
G_DECLARE_FINAL_TYPE (RapportSyncProgress, rapport_sync_progress, RAPPORT, SYNC_PROGRESS, GtkWidget)

/* How far the first sync of an account is, for the foot of the views sidebar: the label
 * "Downloading tickets… N of M customers" over the progress bar "Download progress" (it pulses
 * while the total is unknown). Shown only while the workspace's first pull runs; takes no room
 * otherwise.
 *
 * Properties: "workspace" (nullable). */
GtkWidget        *rapport_sync_progress_new           (void);
RapportWorkspace *rapport_sync_progress_get_workspace (RapportSyncProgress *self);
void              rapport_sync_progress_set_workspace (RapportSyncProgress *self,
                                                       RapportWorkspace    *workspace);

G_END_DECLS

/* rapport-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The preferences: the undo-send window (GSettings "undo-send-seconds") and the accounts
 * (@accounts: element-type RapportAccount, may be NULL). */
GtkWidget *rapport_preferences_window_new (GtkWindow *parent,
                                           GPtrArray *accounts);

G_END_DECLS

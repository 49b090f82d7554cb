/* rapport-test-hooks.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-window.h"

G_BEGIN_DECLS

/* Environment hooks for tests and the benchmark (docs/ui-contract.md):
 *   RAPPORT_EXIT_AFTER_FIRST_FRAME=1  print "first-frame-us=…" after the first frame, quit;
 *   RAPPORT_EXIT_AFTER_LOAD=1         print "loaded-us=…" and "rss-kb=…" once loaded, quit;
 *   RAPPORT_SCREENSHOT=<file.png>     once loaded (and synced), render the window to PNG, quit.
 * Does nothing when none is set. */
void     rapport_test_hooks_attach (RapportWindow *window);

/* Renders @widget as last painted into a PNG file. The widget must have been painted once. */
gboolean rapport_widget_save_png   (GtkWidget     *widget,
                                    const char    *path,
                                    GError       **error);

G_END_DECLS

/* rapport-ui-test-keys.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Presses and releases @keyval with @mods held, as a keyboard does: through the X server
 * (XTest), to @window, which gets the X input focus first. Shift is added when the keymap
 * has @keyval on its shifted level. Returns once @window has handled the release; fails the
 * test when it does not within a few seconds, or when the display is not an X11 one. */
void rapport_test_press_key  (GtkWidget       *window,
                              guint            keyval,
                              GdkModifierType  mods);
/* rapport_test_press_key() for each key of @keys (a GTK accelerator per key, separated by
 * spaces: "j j Down <Control>Page_Down"). */
void rapport_test_press_keys (GtkWidget       *window,
                              const char      *keys);

G_END_DECLS

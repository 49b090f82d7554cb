/* rapport-pane-layout.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_PANE_LAYOUT (rapport_pane_layout_get_type ())
G_DECLARE_FINAL_TYPE (RapportPaneLayout, rapport_pane_layout, RAPPORT, PANE_LAYOUT,
                      GtkLayoutManager)

/* The layout of a pane of the window (the conversation, the customer panel): like
 * GtkBinLayout, each child gets the whole widget, but the width a pane asks for does not depend
 * on the height it is offered. The containers around the panes (AdwLeaflet, AdwFlap, horizontal
 * boxes) measure their children's width for their height; through a pane's nested boxes that
 * made every wrapping label search for its width line by line, laying its text out hundreds
 * of times a frame. A pane's width for a height is its width for any height: its content
 * scrolls. Set by type: gtk_widget_class_set_layout_manager_type(), or as the "layout-manager"
 * of a widget in a template. */

G_END_DECLS

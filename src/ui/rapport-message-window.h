/* rapport-message-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* The text inserted into the view per main-loop iteration (bytes, cut at a character). */
#define RAPPORT_MESSAGE_WINDOW_CHUNK_BYTES (64 * 1024)

#define RAPPORT_TYPE_MESSAGE_WINDOW (rapport_message_window_get_type ())
G_DECLARE_FINAL_TYPE (RapportMessageWindow, rapport_message_window, RAPPORT, MESSAGE_WINDOW,
                      AdwWindow)

/* The whole body of one message, read-only, in a window of its own: read from @store
 * (rapport_store_load_message_body_async()) and put into a GtkTextView a chunk of
 * RAPPORT_MESSAGE_WINDOW_CHUNK_BYTES at a time from idle callbacks, so a body of many
 * megabytes never holds the main loop for long. @title names the message (its author).
 *
 * "loaded" (read-only boolean, notified): the whole body is in the view, or the read failed
 * (the window then says why). */
GtkWidget *rapport_message_window_new        (RapportStore         *store,
                                              gint64                message_id,
                                              const char           *title);
gboolean   rapport_message_window_get_loaded (RapportMessageWindow *self);
/* The view holding the body. */
GtkTextView *rapport_message_window_get_view (RapportMessageWindow *self);

G_END_DECLS

/* rapport-drafts.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"
#include "rapport-types.h"

G_BEGIN_DECLS

/* The composer's drafts: one per ticket, written to the store as the agent types, kept until
 * the reply or note is queued (rapport_outbox_enqueue_message() removes it in the same
 * transaction) or rapport_drafts_delete(). Each call is one statement; the _async functions
 * run the blocking one of the same name in a worker thread.
 *
 * save: an empty @body deletes the draft (an emptied composer keeps none).
 * load: NULL with no error when the ticket has no draft; *@visibility is set only when there
 *   is one. */
gboolean  rapport_drafts_save          (RapportStore        *store,
                                        gint64               account_id,
                                        gint64               ticket_id,
                                        RapportVisibility    visibility,
                                        const char          *body,
                                        GCancellable        *cancellable,
                                        GError             **error);
void      rapport_drafts_save_async    (RapportStore        *store,
                                        gint64               account_id,
                                        gint64               ticket_id,
                                        RapportVisibility    visibility,
                                        const char          *body,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  rapport_drafts_save_finish   (RapportStore        *store,
                                        GAsyncResult        *result,
                                        GError             **error);
char     *rapport_drafts_load          (RapportStore        *store,
                                        gint64               account_id,
                                        gint64               ticket_id,
                                        RapportVisibility   *visibility,
                                        GCancellable        *cancellable,
                                        GError             **error);
void      rapport_drafts_load_async    (RapportStore        *store,
                                        gint64               account_id,
                                        gint64               ticket_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *rapport_drafts_load_finish   (RapportStore        *store,
                                        GAsyncResult        *result,
                                        RapportVisibility   *visibility,
                                        GError             **error);
gboolean  rapport_drafts_delete        (RapportStore        *store,
                                        gint64               account_id,
                                        gint64               ticket_id,
                                        GCancellable        *cancellable,
                                        GError             **error);
void      rapport_drafts_delete_async  (RapportStore        *store,
                                        gint64               account_id,
                                        gint64               ticket_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  rapport_drafts_delete_finish (RapportStore        *store,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS

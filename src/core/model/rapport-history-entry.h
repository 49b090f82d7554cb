/* rapport-history-entry.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_HISTORY_ENTRY (rapport_history_entry_get_type ())
G_DECLARE_FINAL_TYPE (RapportHistoryEntry, rapport_history_entry, RAPPORT, HISTORY_ENTRY, GObject)

/* One line of a customer's unified history: a message on any of their tickets, on any
 * channel, with the ticket it belongs to. Immutable once built (read-only properties).
 *
 * Properties: "message-id" int64, "ticket-id" int64, "ticket-remote-id", "ticket-subject",
 *   "ticket-status" RapportTicketStatus (int), "channel" RapportChannel (int),
 *   "direction" RapportDirection (int), "visibility" RapportVisibility (int),
 *   "author-name", "summary" (one line: the first non-empty, non-quoted line of the body,
 *   whitespace collapsed, at most 120 characters, with "…" when cut), "created-at" int64. */
RapportHistoryEntry *rapport_history_entry_new (gint64               message_id,
                                                gint64               ticket_id,
                                                const char          *ticket_remote_id,
                                                const char          *ticket_subject,
                                                RapportTicketStatus  ticket_status,
                                                RapportChannel       channel,
                                                RapportDirection     direction,
                                                RapportVisibility    visibility,
                                                const char          *author_name,
                                                const char          *summary,
                                                gint64               created_at);
gint64              rapport_history_entry_get_message_id       (RapportHistoryEntry *self);
gint64              rapport_history_entry_get_ticket_id        (RapportHistoryEntry *self);
const char         *rapport_history_entry_get_ticket_remote_id (RapportHistoryEntry *self);
const char         *rapport_history_entry_get_ticket_subject   (RapportHistoryEntry *self);
RapportTicketStatus rapport_history_entry_get_ticket_status    (RapportHistoryEntry *self);
RapportChannel      rapport_history_entry_get_channel          (RapportHistoryEntry *self);
RapportDirection    rapport_history_entry_get_direction        (RapportHistoryEntry *self);
RapportVisibility   rapport_history_entry_get_visibility       (RapportHistoryEntry *self);
const char         *rapport_history_entry_get_author_name      (RapportHistoryEntry *self);
const char         *rapport_history_entry_get_summary          (RapportHistoryEntry *self);
gint64              rapport_history_entry_get_created_at       (RapportHistoryEntry *self);

/* Builds the one-line summary described above from a plain-text body (pure, thread-safe). */
char               *rapport_summarize_body                     (const char *body);

G_END_DECLS

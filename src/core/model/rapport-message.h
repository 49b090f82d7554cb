/* rapport-message.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-types.h"

G_BEGIN_DECLS

/* A paged read of a ticket's messages (rapport_store_list_recent_messages()) gives at most this
 * many characters of each body. 8 192 characters are four or five screens of text at the
 * conversation's reading width, more than nearly every real message (a typical email or chat
 * burst is a few hundred characters), and one label of that size lays out in a few
 * milliseconds, so a row of the conversation never costs more than a fraction of a frame. A
 * longer body (a pasted log, a forwarded thread) is opened whole on demand
 * (rapport_store_load_message_body_async()). */
#define RAPPORT_MESSAGE_BODY_PREVIEW_CHARS 8192

#define RAPPORT_TYPE_MESSAGE (rapport_message_get_type ())
G_DECLARE_FINAL_TYPE (RapportMessage, rapport_message, RAPPORT, MESSAGE, GObject)

/* One interaction on a ticket: an inbound customer message (email, chat transcript line
 * burst, phone call summary, social post), a public reply, or an internal note.
 * The body is plain text, always: HTML from backends is converted before it gets here,
 * and the UI shows the body as text, never as markup.
 *
 * From a provider: "remote-id", "ticket-remote-id", "author-remote-id" set.
 * From the store: "id", "ticket-id", and "author-customer-id" (when the author is a customer).
 *
 * Properties: "id" int64, "remote-id", "ticket-id" int64, "ticket-remote-id",
 *   "channel" RapportChannel (int), "direction" RapportDirection (int),
 *   "visibility" RapportVisibility (int), "author-kind" RapportAuthorKind (int),
 *   "author-name", "author-remote-id", "author-customer-id" int64, "body",
 *   "created-at" int64 unix seconds,
 *   "body-length" int64: characters of the whole body (-1, the default: those of "body"),
 *   "body-truncated" boolean: "body" holds only the start of the body (its first
 *   RAPPORT_MESSAGE_BODY_PREVIEW_CHARS characters, cut at a character boundary). */
RapportMessage    *rapport_message_new                    (void);
gint64             rapport_message_get_id                 (RapportMessage *self);
void               rapport_message_set_id                 (RapportMessage *self,
                                                           gint64          id);
const char        *rapport_message_get_remote_id          (RapportMessage *self);
void               rapport_message_set_remote_id          (RapportMessage *self,
                                                           const char     *remote_id);
gint64             rapport_message_get_ticket_id          (RapportMessage *self);
void               rapport_message_set_ticket_id          (RapportMessage *self,
                                                           gint64          ticket_id);
const char        *rapport_message_get_ticket_remote_id   (RapportMessage *self);
void               rapport_message_set_ticket_remote_id   (RapportMessage *self,
                                                           const char     *remote_id);
RapportChannel     rapport_message_get_channel            (RapportMessage *self);
void               rapport_message_set_channel            (RapportMessage *self,
                                                           RapportChannel  channel);
RapportDirection   rapport_message_get_direction          (RapportMessage *self);
void               rapport_message_set_direction          (RapportMessage *self,
                                                           RapportDirection direction);
RapportVisibility  rapport_message_get_visibility         (RapportMessage *self);
void               rapport_message_set_visibility         (RapportMessage *self,
                                                           RapportVisibility visibility);
RapportAuthorKind  rapport_message_get_author_kind        (RapportMessage *self);
void               rapport_message_set_author_kind        (RapportMessage *self,
                                                           RapportAuthorKind kind);
const char        *rapport_message_get_author_name        (RapportMessage *self);
void               rapport_message_set_author_name        (RapportMessage *self,
                                                           const char     *name);
const char        *rapport_message_get_author_remote_id   (RapportMessage *self);
void               rapport_message_set_author_remote_id   (RapportMessage *self,
                                                           const char     *remote_id);
gint64             rapport_message_get_author_customer_id (RapportMessage *self);
void               rapport_message_set_author_customer_id (RapportMessage *self,
                                                           gint64          customer_id);
const char        *rapport_message_get_body               (RapportMessage *self);
void               rapport_message_set_body               (RapportMessage *self,
                                                           const char     *body);
gint64             rapport_message_get_created_at         (RapportMessage *self);
void               rapport_message_set_created_at         (RapportMessage *self,
                                                           gint64          unix_time);
gint64             rapport_message_get_body_length        (RapportMessage *self);
void               rapport_message_set_body_length        (RapportMessage *self,
                                                           gint64          length);
gboolean           rapport_message_get_body_truncated     (RapportMessage *self);
void               rapport_message_set_body_truncated     (RapportMessage *self,
                                                           gboolean        truncated);

G_END_DECLS

/* rapport-ticket.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TICKET (rapport_ticket_get_type ())
G_DECLARE_FINAL_TYPE (RapportTicket, rapport_ticket, RAPPORT, TICKET, GObject)

/* A ticket. Used three ways:
 * - from a provider (RapportSyncPage): remote ids are set ("remote-id", "requester-remote-id",
 *   "assignee-remote-id"), local ids are 0;
 * - from the store: all fields set, "loaded" TRUE;
 * - as a lazy list item of RapportTicketList: only "id" is set and "loaded" is FALSE until the
 *   list has fetched the row; then rapport_ticket_update_from() fills it in and every changed
 *   property is notified (so row widgets bound to properties update in place).
 *
 * Properties (all readable; notify only on change):
 *   "id" int64, "remote-id" string, "subject" string, "status" RapportTicketStatus (as int),
 *   "priority" RapportTicketPriority (int), "channel" RapportChannel (int),
 *   "customer-id" int64, "customer-name" string, "requester-remote-id" string,
 *   "assignee-remote-id" string (NULL = unassigned), "assignee-name" string,
 *   "queue" string (group / queue name), "tags" GStrv,
 *   "created-at", "updated-at", "solved-at" int64 unix seconds (0 = unset),
 *   "message-count" uint, "last-message-preview" string (first line of newest public message),
 *   "loaded" boolean. */
RapportTicket        *rapport_ticket_new                      (void);
/* A not-yet-loaded list item. */
RapportTicket        *rapport_ticket_new_placeholder          (gint64         id);
void                  rapport_ticket_update_from              (RapportTicket *self,
                                                               RapportTicket *other);

gint64                rapport_ticket_get_id                   (RapportTicket *self);
void                  rapport_ticket_set_id                   (RapportTicket *self,
                                                               gint64         id);
const char           *rapport_ticket_get_remote_id            (RapportTicket *self);
void                  rapport_ticket_set_remote_id            (RapportTicket *self,
                                                               const char    *remote_id);
const char           *rapport_ticket_get_subject              (RapportTicket *self);
void                  rapport_ticket_set_subject              (RapportTicket *self,
                                                               const char    *subject);
RapportTicketStatus   rapport_ticket_get_status               (RapportTicket *self);
void                  rapport_ticket_set_status               (RapportTicket *self,
                                                               RapportTicketStatus status);
RapportTicketPriority rapport_ticket_get_priority             (RapportTicket *self);
void                  rapport_ticket_set_priority             (RapportTicket *self,
                                                               RapportTicketPriority priority);
RapportChannel        rapport_ticket_get_channel              (RapportTicket *self);
void                  rapport_ticket_set_channel              (RapportTicket *self,
                                                               RapportChannel channel);
gint64                rapport_ticket_get_customer_id          (RapportTicket *self);
void                  rapport_ticket_set_customer_id          (RapportTicket *self,
                                                               gint64         customer_id);
const char           *rapport_ticket_get_customer_name        (RapportTicket *self);
void                  rapport_ticket_set_customer_name        (RapportTicket *self,
                                                               const char    *name);
const char           *rapport_ticket_get_requester_remote_id  (RapportTicket *self);
void                  rapport_ticket_set_requester_remote_id  (RapportTicket *self,
                                                               const char    *remote_id);
const char           *rapport_ticket_get_assignee_remote_id   (RapportTicket *self);
void                  rapport_ticket_set_assignee_remote_id   (RapportTicket *self,
                                                               const char    *remote_id);
const char           *rapport_ticket_get_assignee_name        (RapportTicket *self);
void                  rapport_ticket_set_assignee_name        (RapportTicket *self,
                                                               const char    *name);
const char           *rapport_ticket_get_queue                (RapportTicket *self);
void                  rapport_ticket_set_queue                (RapportTicket *self,
                                                               const char    *queue);
const char * const   *rapport_ticket_get_tags                 (RapportTicket *self);
void                  rapport_ticket_set_tags                 (RapportTicket *self,
                                                               const char * const *tags);
gint64                rapport_ticket_get_created_at           (RapportTicket *self);
void                  rapport_ticket_set_created_at           (RapportTicket *self,
                                                               gint64         unix_time);
gint64                rapport_ticket_get_updated_at           (RapportTicket *self);
void                  rapport_ticket_set_updated_at           (RapportTicket *self,
                                                               gint64         unix_time);
gint64                rapport_ticket_get_solved_at            (RapportTicket *self);
void                  rapport_ticket_set_solved_at            (RapportTicket *self,
                                                               gint64         unix_time);
guint                 rapport_ticket_get_message_count        (RapportTicket *self);
void                  rapport_ticket_set_message_count        (RapportTicket *self,
                                                               guint          count);
const char           *rapport_ticket_get_last_message_preview (RapportTicket *self);
void                  rapport_ticket_set_last_message_preview (RapportTicket *self,
                                                               const char    *preview);
gboolean              rapport_ticket_get_loaded               (RapportTicket *self);

G_END_DECLS

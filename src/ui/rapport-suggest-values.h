/* rapport-suggest-values.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rapport-candidate.h"
#include "rapport-ticket-session.h"

G_BEGIN_DECLS

/* The values a suggestion's template is filled with when the agent inserts it (see
 * rapport-template.h for the variables), read from what the ticket session holds:
 *
 *   customer.first_name  the first word of the customer's name (none for an e-mail address)
 *   customer.name        the customer's name
 *   ticket.id            the ticket's id as the agent knows it (its remote id)
 *   agent.first_name     the first word of the signed-in user's name
 *   last_contact         "I see you contacted us on 3 November about “Invoice”.": the
 *                        customer's last message on another ticket before this one, from the
 *                        unified history; none when there is no such message
 *
 * Missing values are not in the table: the template engine decides what a missing value
 * becomes (a fallback, nothing, or a hole the agent fills). */

/* Pure: the values from the parts. Every argument may be NULL. @ticket: the open ticket (its
 * customer name stands for @customer's when @customer is NULL);
 * @history: the customer's history (element-type RapportHistoryEntry, newest first); @now:
 * unix seconds (dates of this year are written without the year). Returns a table of
 * variable name → text (transfer full). */
GHashTable *rapport_suggest_values_collect     (RapportTicket      *ticket,
                                                RapportCustomer    *customer,
                                                RapportAccount     *account,
                                                GPtrArray          *history,
                                                gint64              now);
/* The same from @session's ticket, customer, account and history. */
GHashTable *rapport_suggest_values_for_session (RapportTicketSession *session,
                                                gint64                now);

/* The sentence of last_contact for @ticket (the newest inbound message of @history on
 * another ticket, written before @ticket was opened), or NULL when there is none. */
char       *rapport_suggest_values_last_contact (RapportTicket     *ticket,
                                                 GPtrArray         *history,
                                                 gint64             now);

/* @candidate's body for @channel (the short form on chat and social), filled with @values.
 * Returns the text, and its holes in *@holes (element-type RapportTemplateHole; may be NULL),
 * or NULL and an error of RAPPORT_TEMPLATE_ERROR when the body is not a valid template. */
char       *rapport_suggest_render              (RapportCandidate  *candidate,
                                                 RapportChannel     channel,
                                                 GHashTable        *values,
                                                 GPtrArray        **holes,
                                                 GError           **error);

G_END_DECLS

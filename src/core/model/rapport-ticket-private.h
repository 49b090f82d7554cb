/* rapport-ticket-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-ticket.h"

G_BEGIN_DECLS

/* For the store: marks a ticket it built from a row as loaded (notifies on change). */
void _rapport_ticket_set_loaded (RapportTicket *self,
                                 gboolean       loaded);

G_END_DECLS

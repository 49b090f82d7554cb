/* rapport-suggestion-private.h: the ranker's constructor of RapportSuggestion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-suggest.h"

G_BEGIN_DECLS

/* A new, immutable suggestion of @candidate (a reference is taken). @terms: at most 5 are
 * kept, NULL for none. @similar_ticket_id, @similar_subject: the ticket a PAST_REPLY
 * answered (0 / NULL otherwise). */
RapportSuggestion *_rapport_suggestion_new (RapportCandidate     *candidate,
                                            double                score,
                                            RapportSuggestReason  reasons,
                                            const char * const   *terms,
                                            guint                 similar_uses,
                                            guint                 uses,
                                            gint64                similar_ticket_id,
                                            const char           *similar_subject);

G_END_DECLS

/* rapport-store-suggest-private.h: what the store's suggestion files share
 * (rapport-store-suggest.c, rapport-store-past-answers.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store-private.h"

G_BEGIN_DECLS

/* The customer's messages of a ticket read for ranking and indexing: the first ones. */
#define RAPPORT_STORE_CUSTOMER_MESSAGES 20

/* TRUE when @text (nullable) is UTF-8, else FALSE with RAPPORT_STORE_ERROR_INVALID naming
 * @what. */
gboolean  _rapport_store_check_utf8        (const char          *text,
                                            const char          *what,
                                            GError             **error);

/* Tags as the indexes hold them: lower-case, space-separated, a tag's own white space made
 * '-'; tags that are not UTF-8 are left out. */
char     *_rapport_store_join_tags         (const char * const  *tags);

/* Locked, in a transaction. Counts the indexed texts of the row @sql (three text columns,
 * one parameter) reads for @id, if any, @delta times in index @idx of suggest_terms. */
gboolean  _rapport_store_count_row         (RapportStore        *self,
                                            const char          *sql,
                                            gint64               id,
                                            int                  idx,
                                            int                  delta,
                                            GError             **error);

/* Locked. The customer's public inbound messages of ticket @ticket_id, oldest first, at most
 * RAPPORT_STORE_CUSTOMER_MESSAGES; a message that is not UTF-8 is left out. */
GStrv     _rapport_store_customer_messages (RapportStore        *self,
                                            gint64               ticket_id,
                                            GError             **error);

/* Locked, in a transaction. Deletes the candidates of @account_id (their uses go with them)
 * and the past answers of its tickets, with their terms' counts. */
gboolean  _rapport_store_remove_account_candidates   (RapportStore        *self,
                                                      gint64               account_id,
                                                      GError             **error);
gboolean  _rapport_store_remove_account_past_answers (RapportStore        *self,
                                                      gint64               account_id,
                                                      GError             **error);

G_END_DECLS

/* rapport-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* Turns what a user typed into an FTS5 query of double-quoted terms (a "…" group in the input
 * stays one phrase; the last term is a prefix query once its last word has 4 characters).
 * Terms without a letter or digit are dropped. Returns NULL when nothing searchable is left.
 * Exposed for the tests. */
char *_rapport_store_build_fts_query (const char *text);

/* For the outbox (rapport-outbox.c), which keeps its SQL beside its API. _lock() takes the
 * store's mutex and returns the open connection (NULL with @error set: not open, cancelled);
 * @cancellable interrupts its queries until _unlock(). _set_error() maps an SQLite result code
 * like every store call does. _search_key() is the messages_fts row id of a document (kind 0:
 * message body). _emit_changed() schedules "changed"; call it after commit, unlocked. */
sqlite3  *_rapport_store_lock         (RapportStore  *self,
                                       GCancellable  *cancellable,
                                       GError       **error);
void      _rapport_store_unlock       (RapportStore  *self);
void      _rapport_store_set_error    (GError       **error,
                                       sqlite3       *db,
                                       int            rc,
                                       const char    *what);
gboolean  _rapport_store_search_key   (gint64         created_at,
                                       gint64         id,
                                       int            kind,
                                       gint64        *key,
                                       GError       **error);
void      _rapport_store_emit_changed (RapportStore  *self,
                                       gint64         account_id);

G_END_DECLS

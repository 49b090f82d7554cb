/* rapport-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

/* Turns what a user typed into an FTS5 query of double-quoted terms (a "…" group in the input
 * stays one phrase; the last term is a prefix query once its last word has 4 characters).
 * Terms without a letter or digit are dropped. Returns NULL when nothing searchable is left.
 * Exposed for the tests. */
char *_rapport_store_build_fts_query (const char *text);

G_END_DECLS

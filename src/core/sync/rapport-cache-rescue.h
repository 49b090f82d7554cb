/* rapport-cache-rescue.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* What a rescue counts: the accounts, the queued changes by kind, the drafts. */
typedef enum
{
  RAPPORT_CACHE_ITEM_ACCOUNT,
  RAPPORT_CACHE_ITEM_REPLY,
  RAPPORT_CACHE_ITEM_NOTE,
  RAPPORT_CACHE_ITEM_UPDATE,
  RAPPORT_CACHE_ITEM_MONEY,
  RAPPORT_CACHE_ITEM_DECISION,
  RAPPORT_CACHE_ITEM_LINK,
  RAPPORT_CACHE_ITEM_DRAFT,
  RAPPORT_CACHE_N_ITEMS
} RapportCacheItem;

/* The parts of the damaged file a rescue reads; a bit is set in `unreadable` when the part
 * could not be read to its end (then more may have been lost than `lost` counts). */
typedef enum
{
  RAPPORT_CACHE_PART_ACCOUNTS = 1 << 0,
  RAPPORT_CACHE_PART_OUTBOX   = 1 << 1,
  RAPPORT_CACHE_PART_DRAFTS   = 1 << 2,
} RapportCachePart;

/* What a rescue did. `kept` counts what the rebuilt cache holds again: accounts, drafts, and
 * the changes still to send or that failed (done and taken-back ones are copied too, not
 * counted); `lost` what was read but could not be kept (its account or its ticket could not
 * be read). */
typedef struct
{
  RapportStoreError  damage;        /* CORRUPT, NOT_OURS or TOO_NEW */
  char              *reason;        /* the error that found it (developer text) */
  char              *damaged_path;  /* where the damaged file was kept (its -wal and -shm
                                     * beside it with these suffixes) */
  guint              kept[RAPPORT_CACHE_N_ITEMS];
  guint              lost[RAPPORT_CACHE_N_ITEMS];
  RapportCachePart   unreadable;
} RapportCacheRescue;

void      rapport_cache_rescue_free      (RapportCacheRescue  *rescue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportCacheRescue, rapport_cache_rescue_free)

/* Whether the rescue lost anything: a count in `lost` or a part not read to its end. */
gboolean  rapport_cache_rescue_lost_any  (const RapportCacheRescue *rescue);

/* Opens @store (rapport_store_open()). When the file is damaged (RAPPORT_STORE_ERROR_CORRUPT,
 * NOT_OURS or TOO_NEW), rescues it: builds a fresh cache beside it, copies into it, row by row,
 * what SQLite can still read of what the server cannot give back — the accounts (same ids;
 * their tokens stay in the keyring), the outbox (every op with its id, state, attempts, first
 * attempt and body hash, so that an op whose outcome was unknown is verified, not sent twice)
 * with the local effects of the ops not done (the tickets they name as placeholders a pull
 * fills in), and the drafts — then keeps the damaged file (and its -wal, -shm) aside as
 * "<file>.damaged-YYYYMMDD-HHMMSS", puts the fresh one in its place and opens it. The
 * accounts have no sync cursor in it: the next pull is a full one and rebuilds the tickets.
 * *@rescue is set to what was done (NULL when the file was sound). A locked file
 * (RAPPORT_STORE_ERROR_LOCKED: another Rapport may be running) is not damage: it is left
 * alone and the error returned, like any other. Blocking: for a worker thread. */
gboolean  rapport_cache_open             (RapportStore        *store,
                                          RapportCacheRescue **rescue,
                                          GCancellable        *cancellable,
                                          GError             **error);
void      rapport_cache_open_async       (RapportStore        *store,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  rapport_cache_open_finish      (RapportStore        *store,
                                          GAsyncResult        *result,
                                          RapportCacheRescue **rescue,
                                          GError             **error);

G_END_DECLS

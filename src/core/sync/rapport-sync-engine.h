/* rapport-sync-engine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-provider.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_SYNC_ERROR (rapport_sync_error_quark ())
GQuark rapport_sync_error_quark (void);

typedef enum
{
  RAPPORT_SYNC_ERROR_FAILED,
  RAPPORT_SYNC_ERROR_BUSY,  /* a pull is already running */
} RapportSyncError;

/* Records set aside read again at the start of one pull, at most. */
#define RAPPORT_SYNC_MAX_RETRIED 100

#define RAPPORT_TYPE_SYNC_ENGINE (rapport_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (RapportSyncEngine, rapport_sync_engine, RAPPORT, SYNC_ENGINE, GObject)

/* The pull side of sync for one account: reads the stored cursor, asks the provider for
 * pages, applies each page in one store transaction together with its cursor, until the
 * provider has no more; first, asks the provider again for the records earlier pulls set
 * aside (rapport_provider_refetch_records_async()). Never blocks the main loop.
 *
 * Properties: "store", "provider", "account-id" (construct-only), "syncing" (boolean).
 * Signals: "progress" (guint64 items_done, guint64 items_total_hint),
 *          "sync-finished" (GError *error or NULL). */
RapportSyncEngine *rapport_sync_engine_new         (RapportStore      *store,
                                                    RapportProvider   *provider,
                                                    gint64             account_id);
gboolean           rapport_sync_engine_get_syncing (RapportSyncEngine *self);
void               rapport_sync_engine_pull_async  (RapportSyncEngine *self,
                                                    GCancellable      *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
/* Returns the number of pages applied, or -1 with @error set. */
gint64             rapport_sync_engine_pull_finish (RapportSyncEngine *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

G_END_DECLS

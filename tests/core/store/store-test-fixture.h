/* store-test-fixture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* A store opened at path in the fresh folder dir, with the "demo" account account_id; it
 * counts its "changed" signals. */
typedef struct
{
  char         *dir;
  char         *path;
  RapportStore *store;
  gint64        account_id;
  guint         n_changed;
  gint64        last_changed_account;
} Fixture;

/* Counts a "changed" signal of the store into @fixture (fixture_set_up () connects it). */
void             on_changed_cb     (RapportStore     *store,
                                    guint64           account_id,
                                    Fixture          *fixture);

void             fixture_set_up    (Fixture          *fixture,
                                    gconstpointer     data);
void             fixture_tear_down (Fixture          *fixture,
                                    gconstpointer     data);

/* A second, plain connection to the database file, to look at what the store wrote. */
sqlite3         *open_raw          (const char       *path);

/* Runs the migration files @files (names in the core resources) on @db, as an older version
 * of the store left a database. */
void             exec_migrations   (sqlite3            *db,
                                    const char * const *files,
                                    guint               n_files);

/* Applies @page (or the story page of rapport-test-data.h), asserting it succeeds. */
void             apply_page        (Fixture          *fixture,
                                    RapportSyncPage  *page);
void             apply_story       (Fixture          *fixture);

/* Reads back through the public API, asserting success. */
GPtrArray       *load_ids          (Fixture          *fixture,
                                    GArray           *ids);
gint64           ticket_id_of      (Fixture          *fixture,
                                    const char       *remote_id);
/* The same, 0 when the store does not hold the ticket. */
gint64           find_ticket_id    (Fixture          *fixture,
                                    const char       *remote_id);
RapportTicket   *load_ticket       (Fixture          *fixture,
                                    const char       *remote_id);
GPtrArray       *search            (Fixture          *fixture,
                                    const char       *query,
                                    guint             limit);
RapportCustomer *load_customer     (Fixture          *fixture,
                                    gint64            customer_id);

G_END_DECLS

/* rapport-test-data.h: hand-built sync pages and helpers shared by the core tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "../rapport-test-time.h"
#include "rapport-store.h"
#include "rapport-sync-page.h"

G_BEGIN_DECLS

/* The fixed "now" of the fixtures (2025-11-22 08:00 UTC); times are offsets from it. */
#define TEST_ANCHOR  ((gint64) 1763798400)
#define TEST_MINUTE  ((gint64) 60)
#define TEST_HOUR    ((gint64) 60 * 60)
#define TEST_DAY     ((gint64) 24 * 60 * 60)
#define TEST_AGENT   "sam.agent"

RapportCustomer *test_add_customer (RapportSyncPage *page,
                                    const char      *remote_id,
                                    const char      *display_name,
                                    const char      *organization,
                                    ...) G_GNUC_NULL_TERMINATED;
RapportTicket   *test_add_ticket   (RapportSyncPage     *page,
                                    const char          *remote_id,
                                    const char          *subject,
                                    RapportTicketStatus  status,
                                    RapportChannel       channel,
                                    const char          *requester,
                                    const char          *assignee,
                                    gint64               created_at,
                                    gint64               updated_at,
                                    gint64               solved_at);
RapportMessage  *test_add_message  (RapportSyncPage   *page,
                                    const char        *remote_id,
                                    const char        *ticket_remote_id,
                                    RapportChannel     channel,
                                    RapportDirection   direction,
                                    RapportVisibility  visibility,
                                    const char        *author_name,
                                    const char        *author_remote_id,
                                    const char        *body,
                                    gint64             created_at);

/* A page of @n more messages of Chloé on the story's ticket @ticket_remote_id ("Old message
 * <i>", inbound emails), older than the story's, two at each second, the oldest first. */
RapportSyncPage *test_old_messages_page (const char *ticket_remote_id,
                                         guint       n);
/* Asserts @history (element-type RapportHistoryEntry) is in the history's order: newest first,
 * the higher message id first at the same second. */
void             test_assert_history_order (GPtrArray *history);

/* The story page: Chloé Silva (two backend people linked by email, tickets 1001…1005 as in
 * docs/demo-workspace.md), Liam López (two backend people linked by phone, tickets 2001,
 * 2002), Nora Jensen (tickets 3001, 3002, two messages at the same second). */
RapportSyncPage *test_story_page   (void);

/* A fresh temporary directory, and its removal with everything in it. */
char            *test_make_tmp_dir (void);
void             test_remove_tree  (const char *path);

/* Opens a store at @dir/rapport.db and adds the "demo" account signed in as TEST_AGENT. */
RapportStore    *test_open_store   (const char  *dir,
                                    gint64      *account_id);

/* Iterates the thread-default main context until *@flag is TRUE. */
void             test_wait_for     (gboolean    *flag);

/* Iterates the default main context until @cond holds; fails the test after @ms (times
 * RAPPORT_TEST_TIME_SCALE). */
#define TEST_WAIT_FOR(cond, ms) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + \
                       (gint64) (ms) * 1000 * rapport_test_time_scale (); \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("Timed out after %d ms waiting for %s", (int) (ms), #cond); \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (500); \
      } \
  } G_STMT_END

/* Iterates the default main context for @ms milliseconds. */
void             test_run_for      (guint        ms);

/* The ticket with @remote_id of an open or recently solved view of @account_id, as the store
 * has it now (a new object each time, as a list would hold). */
RapportTicket   *test_load_ticket  (RapportStore *store,
                                    gint64        account_id,
                                    const char   *remote_id);

G_END_DECLS

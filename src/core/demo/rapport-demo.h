/* rapport-demo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-sync-page.h"

G_BEGIN_DECLS

/* The deterministic demo dataset generator (demo workspace, tests and benchmarks).
 * Same (seed, n_customers, anchor_time) → byte-identical data, on any machine.
 * Data is generated as a stream of sync pages so 1M messages never sit in memory at once.
 *
 * Dates are spread backwards from @anchor_time (unix seconds; the demo provider passes the
 * time the workspace was first created, so the data looks recent).
 *
 * The first customers are the hand-written "story" customers documented in
 * docs/demo-workspace.md (tests rely on them); the rest are generated. */
typedef struct _RapportDemo RapportDemo;

#define RAPPORT_DEMO_DEFAULT_SEED        20261122u
#define RAPPORT_DEMO_DEFAULT_CUSTOMERS   50u
/* The signed-in demo agent ("My open" = assigned to this remote id). */
#define RAPPORT_DEMO_AGENT_REMOTE_ID     "sam.agent"
#define RAPPORT_DEMO_AGENT_NAME          "Sam Rivera"

/* The full name of the demo team's agent @remote_id (the signed-in agent and the three
 * colleagues tickets are assigned to), NULL when there is no such agent. */
const char      *rapport_demo_get_agent_name  (const char  *remote_id);

RapportDemo     *rapport_demo_new             (guint32      seed,
                                               guint        n_customers,
                                               gint64       anchor_time);
void             rapport_demo_free            (RapportDemo *demo);
/* Moves the generator to start at customer index @position (0 = beginning). Generation is a
 * pure function of (seed, index), so a cursor is just the next customer index. */
void             rapport_demo_seek            (RapportDemo *demo,
                                               guint        position);
guint            rapport_demo_get_position    (RapportDemo *demo);
guint            rapport_demo_get_n_customers (RapportDemo *demo);
/* Generates the next customers with all their tickets and messages until at least
 * @max_messages messages are in the page (or the end). NULL at the end.
 * page->resource is "demo", page->next_cursor is the decimal next position,
 * page->has_more is TRUE unless the page reached the end. */
RapportSyncPage *rapport_demo_next_page       (RapportDemo *demo,
                                               guint        max_messages);

/* Totals of the customers at indices [@from, @to), computed without generating any text
 * (fast enough for 100 000 customers in a test). "customers" counts people (what the store
 * holds once identities are linked), "remote_customers" the records the backend knows (a
 * person who switched channels can be two). */
typedef struct
{
  guint64 customers;
  guint64 remote_customers;
  guint64 tickets;
  guint64 open_tickets;
  guint64 messages;
} RapportDemoTotals;

void             rapport_demo_count           (RapportDemo       *demo,
                                               guint              from,
                                               guint              to,
                                               RapportDemoTotals *totals);
/* The "remote_customers" part of rapport_demo_count() alone, in O(1). Pages carry
 * total_hint = this count from the page's first customer to the end. */
guint64          rapport_demo_count_remote_customers (RapportDemo *demo,
                                                      guint        from,
                                                      guint        to);

/* The heavy shapes, for benchmarks only (the demo workspace never has them): with them, a few
 * generated customers also have a huge history, a ticket with thousands of messages or a
 * message with a huge body (rapport-demo-heavy.c). Set before the first page or count. Each
 * is found by a word in its ticket's subject that no other ticket has (a search for it has
 * one hit); its tickets are open, assigned to a colleague and two months old: never in "My
 * open", last in "All open". */
typedef enum
{
  RAPPORT_DEMO_HEAVY_HISTORY, /* a customer with @size interactions (messages) */
  RAPPORT_DEMO_HEAVY_THREAD,  /* a ticket with @size messages */
  RAPPORT_DEMO_HEAVY_BODY,    /* a message of @size bytes */
} RapportDemoHeavyKind;

typedef struct
{
  RapportDemoHeavyKind  kind;
  const char           *word;
  guint                 size;
} RapportDemoHeavyShape;

#define RAPPORT_DEMO_N_HEAVY_SHAPES 6

void             rapport_demo_set_heavy_shapes (RapportDemo *demo,
                                                gboolean     heavy);
const RapportDemoHeavyShape *rapport_demo_get_heavy_shape (guint shape);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDemo, rapport_demo_free)

G_END_DECLS

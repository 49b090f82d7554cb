/* rapport-ticket-session-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-ticket-session.h"

G_BEGIN_DECLS

typedef struct _Load Load;

/* The writes of every session of one store, one after another (attached to the store). */
typedef struct
{
  GQueue        jobs;      /* (element-type GTask) writes waiting their turn */
  GQueue        waiters;   /* (element-type GTask) rapport_ticket_session_wait_for_writes_async() */
  GApplication *held_app;  /* held while writes wait or run */
  guint64       n_asked;   /* writes asked for so far */
  guint64       n_done;    /* writes ended so far (they end in the order asked) */
  gboolean      running;
} Writes;

struct _RapportTicketSession
{
  GObject            parent_instance;

  /* owned */
  RapportWorkspace  *workspace;
  RapportStore      *store;
  RapportPushEngine *push_engine;
  RapportTicket     *ticket;
  RapportTicket     *row;            /* the ticket as last loaded */
  GPtrArray         *messages;       /* (element-type RapportMessage) */
  GPtrArray         *ops;            /* (element-type RapportOutboxOp) */
  RapportCustomer   *customer;
  GPtrArray         *history;        /* (element-type RapportHistoryEntry) */
  gint64             history_customer_id; /* whose history @history is */
  guint              history_pages;  /* pages of history asked for (at least 1) */
  guint              history_total;  /* entries of the whole history */
  gboolean           history_complete;
  GCancellable      *history_more;   /* the next page under way */
  GError            *error;
  GError            *customer_error;
  char              *draft;
  GHashTable        *seen;           /* ids of the messages published (gint64 *) */
  Load              *load;           /* the load under way */
  Writes            *writes;         /* the store's */
  GPtrArray         *ticket_waiters; /* (element-type GTask) updates waiting for the ticket */
  GPtrArray         *money_actions;  /* (element-type RapportMoneyAction) the customer's */
  GPtrArray         *agent_actions;  /* (element-type RapportMoneyAction) the user's today */
  RapportMoneySummary *money_summary;
  GPtrArray         *inserted;       /* (element-type InsertedCandidate) in the draft */

  gulong             changed_id;
  gulong             op_changed_id;
  gulong             authority_id;
  guint              reload_id;
  guint              generation;
  guint64            write_seq;      /* of the last write asked for */
  RapportVisibility  draft_visibility;
  gboolean           draft_known;    /* @draft is what the store holds */
  gboolean           loading;

  /* paged messages */
  GCancellable      *older_cancellable; /* the read of one more page under way */
  guint              messages_pages;    /* pages of RAPPORT_TICKET_SESSION_MESSAGES_PAGE asked */
  gboolean           messages_complete; /* @messages holds the ticket's oldest */
};

/* Shared by rapport-ticket-session.c (loading) and rapport-ticket-session-actions.c (writes,
 * collision check). */

/* Loads again now, cancelling the load under way. */
void        _rapport_ticket_session_load         (RapportTicketSession *self);
/* The draft as the store holds it now (NULL or "": none). */
void        _rapport_ticket_session_set_draft    (RapportTicketSession *self,
                                                  const char           *body,
                                                  RapportVisibility     visibility);
/* Takes a copy of @summary (NULL: none) as the customer's money summary; notifies when it
 * changed. */
void        _rapport_ticket_session_set_money_summary (RapportTicketSession      *self,
                                                       const RapportMoneySummary *summary);
/* The days of the policy's customer window in force (30 while no policy is known). */
guint       _rapport_ticket_session_customer_window_days (RapportTicketSession *self);
/* Whether two lists of money actions show the same. */
gboolean    _rapport_money_actions_same              (GPtrArray            *a,
                                                      GPtrArray            *b);
/* The start of the user's day under the policy in force, for the agent's history. */
gint64      _rapport_ticket_session_agent_day_start  (RapportTicketSession *self);

/* Suggestions inserted into the draft (rapport-ticket-session-suggest.c). Each remembers
 * write_seq as it was when inserted: a write asked for after it does not concern it. */
GPtrArray  *_rapport_ticket_session_inserted_new      (void);
void        _rapport_ticket_session_forget_candidates (RapportTicketSession *self,
                                                       guint64               write_seq);
/* Steals the candidates inserted before write @write_seq was asked for (element-type
 * RapportCandidate; empty when none). */
GPtrArray  *_rapport_ticket_session_take_candidates   (RapportTicketSession *self,
                                                       guint64               write_seq);
/* Public reply @reply was queued with @used (element-type RapportCandidate): records each
 * stored candidate's use and queues the link of each article of the account's backend, in
 * the background (failures are logged). */
void        _rapport_ticket_session_record_candidates (RapportTicketSession  *self,
                                                       const RapportOutboxOp *reply,
                                                       GPtrArray             *used);

/* The write queue of @store's sessions (made on first use, attached to the store). */
Writes     *_rapport_ticket_session_writes_of    (RapportStore         *store);

static inline GHashTable *
_rapport_int64_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static inline void
_rapport_int64_set_add (GHashTable *set,
                        gint64      id)
{
  g_hash_table_add (set, g_memdup2 (&id, sizeof id));
}

G_END_DECLS

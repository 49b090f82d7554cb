/* rapport-push-engine-private.h
 *
 * What the push engine's two files share: rapport-push-engine.c schedules (the object,
 * scanning the outbox, timers, recovery) and rapport-push-engine-op.c runs one op's turn (the
 * push, its completion or failure, the verification of an unknown outcome).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-outbox-private.h"
#include "rapport-push-engine.h"

G_BEGIN_DECLS

struct _RapportPushEngine
{
  GObject          parent_instance;

  RapportStore    *store;
  RapportProvider *provider;
  gint64           account_id;
  GMainContext    *context;
  GCancellable    *cancellable;

  char            *user_remote_id;
  char            *blocked_reason;
  gboolean         running;
  gboolean         started;       /* recovery done */
  gboolean         connected;     /* to the store's "changed" */
  gboolean         online;
  gboolean         scanning;
  gboolean         rescan;
  guint            backoff_base_ms;
  guint            backoff_cap_ms;
  guint            settle_ms;

  GHashTable      *busy_tickets;  /* gint64 ticket id → itself: an op of it is being worked */
  GHashTable      *known_states;  /* gint64 op id → RapportOutboxState last reported */
  guint            n_in_flight;

  GSource         *timer;
  gint64           timer_due;     /* unix ms */
};

/* A job: one step of the engine's work on the store, run on the store's runner. */
typedef struct _RapportPushJob RapportPushJob;
typedef gboolean (*RapportPushJobWork) (RapportPushJob  *job,
                                        GError         **error);

struct _RapportPushJob
{
  RapportPushEngine  *self;          /* owned */
  RapportStore       *store;         /* owned */
  RapportPushJobWork  work;
  RapportOutboxOp    *op;
  GObject            *answer;        /* what the provider returned for the push */
  GPtrArray          *evidence;      /* what verification looks at */
  GError             *failure;
  RapportOutboxState  state;
  gint64              not_before;
  gint64              now;
  gint64              account_id;
  guint               settle_ms;
  char               *user_remote_id;
  gboolean            found;
  gboolean            begun;
  GPtrArray          *pending;
};

/* A job of @self about a copy of @op (NULL: none). */
RapportPushJob *_rapport_push_job_new    (RapportPushEngine      *self,
                                          const RapportOutboxOp  *op);
void            _rapport_push_job_free   (RapportPushJob         *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportPushJob, _rapport_push_job_free)
/* Runs @work with @job (owned by the run) on a worker; @callback gets the engine as source,
 * finishes with _rapport_push_job_finish () and reads the job back with _rapport_push_job_of (). */
void            _rapport_push_job_run    (RapportPushJob         *job,
                                          RapportPushJobWork      work,
                                          GAsyncReadyCallback     callback);
gboolean        _rapport_push_job_finish (RapportPushEngine      *self,
                                          GAsyncResult           *result,
                                          GError                **error);
RapportPushJob *_rapport_push_job_of     (GAsyncResult           *result);

/* rapport-push-engine.c */
void _rapport_push_engine_report_state       (RapportPushEngine      *self,
                                              gint64                  op_id,
                                              RapportOutboxState      state);
void _rapport_push_engine_set_online         (RapportPushEngine      *self,
                                              gboolean                online);
void _rapport_push_engine_set_blocked_reason (RapportPushEngine      *self,
                                              const char             *reason);
/* Looks at the outbox again (coalesced while a scan runs). */
void _rapport_push_engine_scan               (RapportPushEngine      *self);

/* rapport-push-engine-op.c: the turn of @op, the first op of its ticket, whose time has come;
 * takes a slot of RAPPORT_PUSH_ENGINE_MAX_IN_FLIGHT until it is over. */
void _rapport_push_engine_run_op             (RapportPushEngine      *self,
                                              const RapportOutboxOp  *op);

G_END_DECLS

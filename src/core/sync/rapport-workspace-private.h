/* rapport-workspace-private.h
 *
 * What the workspace's two files share: rapport-workspace.c runs the account (the object, the
 * background pull, the push engine, online and blocked state) and rapport-workspace-authority.c
 * resolves the user's authority (role, may decide, policy in force: the provider's answer and
 * the policy settings).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  CURSOR_UNREAD,
  CURSOR_READING,
  CURSOR_READ,
} CursorState;

struct _RapportWorkspace
{
  GObject            parent_instance;

  /* owned refs */
  RapportStore      *store;
  RapportAccount    *account;
  RapportProvider   *provider;
  RapportSyncEngine *sync_engine;
  RapportPushEngine *push_engine;
  GNetworkMonitor   *monitor;
  GMainContext      *context;
  GCancellable      *cancellable;       /* cancelled in dispose */
  GCancellable      *pull_cancellable;  /* our running pull's; cancelled and dropped by stop() */
  GSource           *timer;             /* the next background pull */
  GQueue             waiters;           /* Waiter * */
  GSettings         *policy_settings;   /* nullable: the schema may not be installed */
  RapportAuthority  *server_authority;  /* the provider's last answer (or the one the store
                                         * kept, from_cache), NULL before one */
  RapportAuthority  *authority;         /* resolved, never NULL after construction */

  gint64             account_id;
  char              *blocked_reason;
  int                blocked_code;   /* RapportProviderError of the block, -1 when none */
  char              *last_error;
  GError            *pull_error;     /* the last failed pull's error, NULL after a success */
  guint64            progress_done;
  guint64            progress_total;
  guint              sync_interval;
  guint              backoff_base_ms;
  guint              backoff_cap_ms;
  guint              failures;          /* pulls failed in a row */
  gint64             last_pull_end;     /* monotonic µs, 0 before the first */
  CursorState        cursor_state;

  gboolean           started;
  gboolean           online;
  gboolean           syncing;
  gboolean           first_sync;
  gboolean           pull_wanted;       /* asked for while the cursor was being read */
  gboolean           pull_pending;      /* "pull-pending" */
  gboolean           own_pull;          /* the engine's running pull is ours */
  gboolean           draining;          /* stop() cancelled it; it has not ended yet */
  gboolean           pull_after;        /* asked for while draining: pull once it ended */
  gboolean           pulled_ok;         /* a pull finished without error since construction */
  gboolean           network_available;
  gboolean           authority_answered; /* the provider answered since construction */
  gboolean           authority_kept;     /* the store may hold an answer for the account */
  gboolean           authority_saving;   /* a save of the answer is under way */
  gboolean           authority_save_again; /* the answer changed during that save */

  /* suggestion content (rapport-workspace-content.c) */
  gint64             content_fetched_at; /* monotonic µs of the last fetch, 0 before one */
  char              *content_error;      /* shown as last-error; NULL after a success */
  gboolean           content_wanted;     /* sync_now(): fetch after the next pull, whenever */
  gboolean           content_fetching;
  gboolean           indexing;           /* the past-answers index is being updated */
  gboolean           index_again;        /* a pull ended meanwhile: update it once more */
  gboolean           index_started;      /* the first run was asked for */
  GSource           *index_timer;        /* the first run, a moment after the first pull */

  /* records set aside (rapport-workspace-set-aside.c) */
  GPtrArray         *set_aside;          /* (element-type RapportSetAside) as last read */
  gboolean           set_aside_reading;
  gboolean           set_aside_again;    /* a pull ended during the read: read once more */
};

/* Provided by rapport-workspace.c. */

/* A weak reference to @object for an asynchronous call; _rapport_workspace_weak_ref_steal()
 * frees it. */
GWeakRef         *_rapport_workspace_weak_ref_new                     (gpointer          object);
/* Frees @ref; returns the workspace (a new reference) unless it is gone or being disposed. */
RapportWorkspace *_rapport_workspace_weak_ref_steal                   (GWeakRef         *ref);
/* Notifies "authority". */
void              _rapport_workspace_notify_authority                 (RapportWorkspace *self);
/* Sets "last-error" (NULL: none), notifying when it changed. */
void              _rapport_workspace_set_last_error                   (RapportWorkspace *self,
                                                                       const char       *message);

/* Provided by rapport-workspace-authority.c. */

/* Reads the policy settings, follows their changes and resolves the authority (in constructed). */
void              _rapport_workspace_authority_constructed            (RapportWorkspace *self);
/* Stops following the policy settings (in dispose). */
void              _rapport_workspace_authority_dispose                (RapportWorkspace *self);
/* Asks the provider for the user's authority, holding only a weak reference; a failure keeps
 * the last answer. */
void              _rapport_workspace_refresh_authority_in_background  (RapportWorkspace *self);
/* At start: reads the answer the store kept (used until the provider answers), and asks the
 * provider. */
void              _rapport_workspace_authority_start                  (RapportWorkspace *self);

/* Provided by rapport-workspace-content.c. */

/* After a successful pull: updates the past-answers index (one run at a time, once more when
 * pulls ended meanwhile; the first run RAPPORT_WORKSPACE_INDEX_DELAY_S later), and fetches the provider's canned content when it has any and the
 * last fetch is RAPPORT_WORKSPACE_CONTENT_INTERVAL_S old (or none was made, or one was
 * wanted). A failed fetch keeps the stored content and shows as "last-error" (again after
 * each successful pull) until a fetch succeeds. */
void              _rapport_workspace_content_after_pull               (RapportWorkspace *self);
/* sync_now(): the next successful pull fetches the content whenever the last fetch was. */
void              _rapport_workspace_content_want                     (RapportWorkspace *self);
/* stop() and dispose: drops the first index run if it is not due yet. */
void              _rapport_workspace_content_stop                     (RapportWorkspace *self);
void              _rapport_workspace_content_finalize                 (RapportWorkspace *self);

/* Provided by rapport-workspace.c. */
/* Notifies "set-aside". */
void              _rapport_workspace_notify_set_aside                 (RapportWorkspace *self);

/* Provided by rapport-workspace-set-aside.c. */
/* At start and after every pull that was not cancelled: reads the records set aside from the
 * store (one read at a time, once more when asked meanwhile), notifying "set-aside" when they
 * changed. A failed read keeps the last list and is logged. */
void              _rapport_workspace_set_aside_refresh                (RapportWorkspace *self);
void              _rapport_workspace_set_aside_finalize               (RapportWorkspace *self);

G_END_DECLS

/* rapport-ticket-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ticket-session"

#include "config.h"

#include "rapport-ticket-session.h"

#include "rapport-core-private.h"
#include "rapport-enums.h"

typedef struct _Load Load;

/* The writes of every session of one store, one after another (attached to the store). */
typedef struct
{
  GQueue        jobs;      /* (element-type GTask) writes waiting their turn */
  GApplication *held_app;  /* held while writes wait or run */
  gboolean      running;
} Writes;

#define WRITES_KEY "rapport-ticket-session-writes"

struct _RapportTicketSession
{
  GObject            parent_instance;

  /* owned */
  RapportWorkspace  *workspace;
  RapportStore      *store;
  RapportPushEngine *push_engine;
  RapportTicket     *ticket;
  GPtrArray         *messages;       /* (element-type RapportMessage) */
  GPtrArray         *ops;            /* (element-type RapportOutboxOp) */
  RapportCustomer   *customer;
  GPtrArray         *history;        /* (element-type RapportHistoryEntry) */
  GError            *error;
  GError            *customer_error;
  char              *draft;
  GHashTable        *seen;           /* ids of the messages published (gint64 *) */
  Load              *load;           /* the load under way */
  Writes            *writes;         /* the store's */
  GPtrArray         *ticket_waiters; /* (element-type GTask) updates waiting for the ticket */

  gulong             changed_id;
  gulong             op_changed_id;
  guint              reload_id;
  guint              generation;
  RapportVisibility  draft_visibility;
  gboolean           draft_known;    /* @draft is what the store holds */
  gboolean           loading;
};

G_DEFINE_FINAL_TYPE (RapportTicketSession, rapport_ticket_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_TICKET,
  PROP_MESSAGES,
  PROP_OPS,
  PROP_CUSTOMER,
  PROP_HISTORY,
  PROP_LOADING,
  PROP_ERROR,
  PROP_CUSTOMER_ERROR,
  PROP_DRAFT,
  PROP_DRAFT_VISIBILITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load (RapportTicketSession *self);

static GHashTable *
int64_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
int64_set_add (GHashTable *set,
               gint64      id)
{
  g_hash_table_add (set, g_memdup2 (&id, sizeof id));
}

static void
set_loading (RapportTicketSession *self,
             gboolean              loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (RapportTicketSession  *self,
           GError               **field,
           const GError          *error,
           GParamSpec            *pspec)
{
  if (*field == NULL && error == NULL)
    return;

  g_clear_error (field);
  if (error != NULL)
    *field = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_draft (RapportTicketSession *self,
           const char           *body,
           RapportVisibility     visibility)
{
  if (body != NULL && *body == '\0')
    body = NULL;

  self->draft_known = TRUE;
  if (_rapport_set_str (&self->draft, body))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
  if (body != NULL && self->draft_visibility != visibility)
    {
      self->draft_visibility = visibility;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_VISIBILITY]);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Comparisons: values are replaced only when they changed
 * ------------------------------------------------------------------------------------------- */

static gboolean
same_messages (GPtrArray *a,
               GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      RapportMessage *ma = g_ptr_array_index (a, i);
      RapportMessage *mb = g_ptr_array_index (b, i);

      /* A reply that was sent keeps its id but takes the server's remote id, time and
       * author. */
      if (rapport_message_get_id (ma) != rapport_message_get_id (mb) ||
          g_strcmp0 (rapport_message_get_body (ma), rapport_message_get_body (mb)) != 0 ||
          g_strcmp0 (rapport_message_get_remote_id (ma), rapport_message_get_remote_id (mb)) != 0 ||
          rapport_message_get_created_at (ma) != rapport_message_get_created_at (mb) ||
          g_strcmp0 (rapport_message_get_author_name (ma), rapport_message_get_author_name (mb)) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
same_ops (GPtrArray *a,
          GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const RapportOutboxOp *oa = g_ptr_array_index (a, i);
      const RapportOutboxOp *ob = g_ptr_array_index (b, i);

      if (oa->id != ob->id || oa->state != ob->state || oa->not_before != ob->not_before ||
          oa->hold_until != ob->hold_until || oa->attempts != ob->attempts ||
          oa->error_code != ob->error_code || oa->local_message_id != ob->local_message_id ||
          g_strcmp0 (oa->last_error, ob->last_error) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
same_history (GPtrArray *a,
              GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      RapportHistoryEntry *ea = g_ptr_array_index (a, i);
      RapportHistoryEntry *eb = g_ptr_array_index (b, i);

      if (rapport_history_entry_get_message_id (ea) != rapport_history_entry_get_message_id (eb) ||
          rapport_history_entry_get_ticket_status (ea) != rapport_history_entry_get_ticket_status (eb) ||
          g_strcmp0 (rapport_history_entry_get_ticket_subject (ea),
                     rapport_history_entry_get_ticket_subject (eb)) != 0 ||
          g_strcmp0 (rapport_history_entry_get_summary (ea),
                     rapport_history_entry_get_summary (eb)) != 0)
        return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Loading
 *
 * One load reads the ticket part (row, messages, ops) and the customer part (customer,
 * history) side by side. The customer part starts at once when the ticket object knows its
 * customer, else once the row came; it is published only after the ticket part, and started
 * again when the row names another customer. A load holds the session weakly: a session nobody
 * holds stops loading.
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  CUSTOMER_NONE,       /* not started: the customer is not known yet */
  CUSTOMER_LOADING,
  CUSTOMER_IN,         /* results in, waiting for the ticket part */
  CUSTOMER_PUBLISHED,  /* published, or nothing to publish (no customer) */
} CustomerState;

struct _Load
{
  guint            ref_count;
  GWeakRef         session;
  guint            generation;
  GCancellable    *cancellable;

  /* ticket part */
  guint            ticket_pending;
  gboolean         ticket_done;
  RapportTicket   *row;
  GPtrArray       *messages;
  GPtrArray       *ops;
  GError          *ticket_error;

  /* customer part */
  CustomerState    customer_state;
  GCancellable    *customer_cancellable;
  guint            customer_serial;
  gint64           customer_id;
  guint            customer_pending;
  RapportCustomer *customer;
  GPtrArray       *history;
  GError          *customer_error;
};

static Load *
load_ref (Load *load)
{
  load->ref_count++;

  return load;
}

static void
clear_customer_results (Load *load)
{
  g_clear_object (&load->customer);
  g_clear_pointer (&load->history, g_ptr_array_unref);
  g_clear_error (&load->customer_error);
}

static void
load_unref (Load *load)
{
  if (--load->ref_count > 0)
    return;

  g_weak_ref_clear (&load->session);
  g_clear_object (&load->cancellable);
  g_clear_object (&load->customer_cancellable);
  g_clear_object (&load->row);
  g_clear_pointer (&load->messages, g_ptr_array_unref);
  g_clear_pointer (&load->ops, g_ptr_array_unref);
  g_clear_error (&load->ticket_error);
  clear_customer_results (load);
  g_free (load);
}

/* The session @load belongs to, when it is still its load under way (transfer full). */
static RapportTicketSession *
current_session (Load *load)
{
  RapportTicketSession *self = g_weak_ref_get (&load->session);

  if (self != NULL && (self->load != load || self->generation != load->generation))
    g_clear_object (&self);

  return self;
}

static void
keep_first_error (GError **field,
                  GError **error)
{
  if (*field == NULL)
    *field = g_steal_pointer (error);
  else
    g_clear_error (error);
}

static void
finish_load_if_done (RapportTicketSession *self,
                     Load                 *load)
{
  if (!load->ticket_done || load->customer_state != CUSTOMER_PUBLISHED)
    return;

  self->load = NULL;
  load_unref (load);
  set_loading (self, FALSE);
}

static void
publish_customer (RapportTicketSession *self,
                  Load                 *load)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (load->customer_error != NULL)
    {
      g_warning ("Could not load customer %" G_GINT64_FORMAT ": %s",
                 load->customer_id, load->customer_error->message);
      set_error (self, &self->customer_error, load->customer_error,
                 properties[PROP_CUSTOMER_ERROR]);
    }
  else
    {
      /* A new object every time: its counts and last contact may have changed. */
      if (g_set_object (&self->customer, load->customer))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
      if (!same_history (self->history, load->history))
        {
          g_clear_pointer (&self->history, g_ptr_array_unref);
          self->history = load->history ? g_ptr_array_ref (load->history) : NULL;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
        }
      set_error (self, &self->customer_error, NULL, properties[PROP_CUSTOMER_ERROR]);
    }

  load->customer_state = CUSTOMER_PUBLISHED;
  g_object_thaw_notify (G_OBJECT (self));
}

typedef struct
{
  Load  *load;
  guint  serial;
} CustomerCall;

static CustomerCall *
customer_call_new (Load *load)
{
  CustomerCall *call = g_new0 (CustomerCall, 1);

  call->load = load_ref (load);
  call->serial = load->customer_serial;

  return call;
}

static void
customer_call_free (CustomerCall *call)
{
  load_unref (call->load);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustomerCall, customer_call_free)

static void
customer_step_done (Load *load)
{
  g_autoptr(RapportTicketSession) self = NULL;

  if (--load->customer_pending > 0)
    return;

  load->customer_state = CUSTOMER_IN;
  self = current_session (load);
  if (self == NULL || !load->ticket_done)
    return;

  publish_customer (self, load);
  finish_load_if_done (self, load);
}

static void
on_customer_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CustomerCall) call = user_data;
  g_autoptr(GError) error = NULL;
  RapportCustomer *customer;

  customer = rapport_store_load_customer_finish (RAPPORT_STORE (source), result, &error);
  if (call->serial != call->load->customer_serial)
    {
      g_clear_object (&customer);
      return;
    }

  call->load->customer = customer;
  if (error != NULL)
    keep_first_error (&call->load->customer_error, &error);
  customer_step_done (call->load);
}

static void
on_history_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CustomerCall) call = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *history;

  history = rapport_store_customer_history_finish (RAPPORT_STORE (source), result, &error);
  if (call->serial != call->load->customer_serial)
    {
      g_clear_pointer (&history, g_ptr_array_unref);
      return;
    }

  call->load->history = history;
  if (error != NULL)
    keep_first_error (&call->load->customer_error, &error);
  customer_step_done (call->load);
}

/* (Re)starts the customer part of @load for @customer_id; the results of an earlier start are
 * dropped. */
static void
start_customer_part (RapportTicketSession *self,
                     Load                 *load,
                     gint64                customer_id)
{
  g_cancellable_cancel (load->customer_cancellable);
  g_clear_object (&load->customer_cancellable);
  clear_customer_results (load);
  load->customer_serial++;
  load->customer_id = customer_id;

  if (customer_id <= 0)
    {
      load->customer_state = CUSTOMER_NONE;
      return;
    }

  load->customer_state = CUSTOMER_LOADING;
  load->customer_pending = 2;
  load->customer_cancellable = g_cancellable_new ();
  rapport_store_load_customer_async (self->store, customer_id, load->customer_cancellable,
                                     on_customer_loaded_cb, customer_call_new (load));
  rapport_store_customer_history_async (self->store, customer_id, load->customer_cancellable,
                                        on_history_loaded_cb, customer_call_new (load));
}

static void
complete_ticket_waiters (RapportTicketSession *self)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (self->ticket_waiters->len == 0)
    return;

  waiters = g_steal_pointer (&self->ticket_waiters);
  self->ticket_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      RapportOutboxOp *op = g_task_get_task_data (task);

      g_task_return_pointer (task, rapport_outbox_op_copy (op),
                             (GDestroyNotify) rapport_outbox_op_free);
    }
}

static void
publish_ticket (RapportTicketSession *self,
                Load                 *load)
{
  gint64 customer_id;

  load->ticket_done = TRUE;
  g_object_freeze_notify (G_OBJECT (self));

  if (load->ticket_error != NULL)
    {
      g_warning ("Could not load ticket %" G_GINT64_FORMAT ": %s",
                 rapport_ticket_get_id (self->ticket), load->ticket_error->message);
      set_error (self, &self->error, load->ticket_error, properties[PROP_ERROR]);
    }
  else
    {
      /* No row: the ticket was deleted meanwhile; the object keeps what it had. */
      if (load->row != NULL)
        rapport_ticket_update_from (self->ticket, load->row);

      if (!same_ops (self->ops, load->ops))
        {
          g_clear_pointer (&self->ops, g_ptr_array_unref);
          self->ops = g_ptr_array_ref (load->ops);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPS]);
        }

      /* What the agent is shown, for the collision check. */
      for (guint i = 0; i < load->messages->len; i++)
        int64_set_add (self->seen, rapport_message_get_id (g_ptr_array_index (load->messages, i)));

      if (!same_messages (self->messages, load->messages))
        {
          g_clear_pointer (&self->messages, g_ptr_array_unref);
          self->messages = g_ptr_array_ref (load->messages);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES]);
        }

      set_error (self, &self->error, NULL, properties[PROP_ERROR]);
    }

  /* The customer part is right only if the row names the customer it was started for. */
  customer_id = rapport_ticket_get_customer_id (self->ticket);
  if (customer_id <= 0)
    {
      start_customer_part (self, load, 0);
      if (g_set_object (&self->customer, NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
      load->customer_state = CUSTOMER_PUBLISHED;
    }
  else if (load->customer_state == CUSTOMER_NONE || load->customer_id != customer_id)
    {
      start_customer_part (self, load, customer_id);
    }
  else if (load->customer_state == CUSTOMER_IN)
    {
      publish_customer (self, load);
    }

  g_object_thaw_notify (G_OBJECT (self));

  complete_ticket_waiters (self);
}

static void
ticket_step_done (Load *load)
{
  g_autoptr(RapportTicketSession) self = NULL;

  if (--load->ticket_pending > 0)
    return;

  self = current_session (load);
  if (self == NULL)
    return;

  publish_ticket (self, load);
  finish_load_if_done (self, load);
}

static void
on_row_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = rapport_store_load_tickets_finish (RAPPORT_STORE (source), result, &error);
  if (rows != NULL && rows->len > 0)
    load->row = g_object_ref (g_ptr_array_index (rows, 0));
  if (error != NULL)
    keep_first_error (&load->ticket_error, &error);

  ticket_step_done (load);
  load_unref (load);
}

static void
on_messages_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  load->messages = rapport_store_list_messages_finish (RAPPORT_STORE (source), result, &error);
  if (error != NULL)
    keep_first_error (&load->ticket_error, &error);

  ticket_step_done (load);
  load_unref (load);
}

static void
on_ops_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  load->ops = rapport_outbox_list_ops_finish (RAPPORT_STORE (source), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* The messages still show; only their sending state is missing. */
    g_warning ("Could not load the outbox of a ticket: %s", error->message);
  if (load->ops == NULL)
    load->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_outbox_op_free);

  ticket_step_done (load);
  load_unref (load);
}

static void
cancel_load (RapportTicketSession *self)
{
  Load *load = g_steal_pointer (&self->load);

  if (load == NULL)
    return;

  g_cancellable_cancel (load->cancellable);
  g_cancellable_cancel (load->customer_cancellable);
  load_unref (load);
}

static void
start_load (RapportTicketSession *self)
{
  gint64 ticket_id = rapport_ticket_get_id (self->ticket);
  Load *load;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  cancel_load (self);
  self->generation++;

  load = g_new0 (Load, 1);
  load->ref_count = 1;
  g_weak_ref_init (&load->session, self);
  load->generation = self->generation;
  load->cancellable = g_cancellable_new ();
  load->ticket_pending = 3;
  self->load = load;
  set_loading (self, TRUE);

  rapport_store_load_tickets_async (self->store, &ticket_id, 1, load->cancellable,
                                    on_row_loaded_cb, load_ref (load));
  rapport_store_list_messages_async (self->store, ticket_id, load->cancellable,
                                     on_messages_loaded_cb, load_ref (load));
  rapport_outbox_list_ops_async (self->store, ticket_id, load->cancellable,
                                 on_ops_loaded_cb, load_ref (load));

  if (rapport_ticket_get_loaded (self->ticket))
    start_customer_part (self, load, rapport_ticket_get_customer_id (self->ticket));
}

static gboolean
reload_cb (gpointer user_data)
{
  RapportTicketSession *self = user_data;

  self->reload_id = 0;
  start_load (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reload (RapportTicketSession *self)
{
  /* A sync applies page after page: reload once things calm down, not after each page. */
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RAPPORT_TICKET_SESSION_RELOAD_DELAY_MS, reload_cb, self);
}

static void
on_store_changed_cb (RapportTicketSession *self,
                     guint64               account_id,
                     RapportStore         *store)
{
  /* Other accounts sync in the background: their pages do not touch this ticket. */
  if ((gint64) account_id == rapport_workspace_get_account_id (self->workspace))
    schedule_reload (self);
}

static void
on_op_changed_cb (RapportTicketSession *self,
                  gint64                op_id,
                  RapportOutboxState    state,
                  RapportPushEngine    *engine)
{
  schedule_reload (self);
}

/* ---------------------------------------------------------------------------------------------
 * Writes, one after another
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  JOB_ENQUEUE_MESSAGE,
  JOB_ENQUEUE_UPDATE,
  JOB_UNDO,
  JOB_RETRY,
  JOB_DISCARD,
  JOB_SAVE_DRAFT,
  JOB_LOAD_DRAFT,
  JOB_APPEND_DRAFT,
} JobKind;

typedef struct
{
  JobKind               kind;
  RapportVisibility     visibility;
  char                 *body;
  guint                 hold_ms;
  gint64                op_id;
  RapportTicketChanges *changes;

  /* results */
  RapportVisibility     loaded_visibility;
} Job;

static void
job_free (Job *job)
{
  g_free (job->body);
  g_clear_pointer (&job->changes, rapport_ticket_changes_free);
  g_free (job);
}

static void
writes_free (Writes *writes)
{
  /* Every waiting write holds its session, which holds the store. */
  g_assert (g_queue_is_empty (&writes->jobs));
  g_assert (writes->held_app == NULL);
  g_free (writes);
}

static Writes *
writes_of (RapportStore *store)
{
  Writes *writes = g_object_get_data (G_OBJECT (store), WRITES_KEY);

  if (writes == NULL)
    {
      writes = g_new0 (Writes, 1);
      g_queue_init (&writes->jobs);
      g_object_set_data_full (G_OBJECT (store), WRITES_KEY, writes, (GDestroyNotify) writes_free);
    }

  return writes;
}

static void run_next_job (Writes *writes);

static void
job_done (RapportTicketSession *self)
{
  self->writes->running = FALSE;
  run_next_job (self->writes);
}

static Job *
push_job (RapportTicketSession *self,
          JobKind               kind,
          gpointer              source_tag,
          GCancellable         *cancellable,
          GAsyncReadyCallback   callback,
          gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_queue_push_tail (&self->writes->jobs, task);

  return job;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static void
return_text (GTask   *task,
             char    *text,
             GError  *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, g_free);
}

static void
on_message_enqueued_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportTicketSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  RapportOutboxOp *op;

  op = rapport_outbox_enqueue_message_finish (RAPPORT_STORE (source), result, &error);
  if (op == NULL)
    {
      g_task_return_error (task, error);
    }
  else
    {
      /* The draft went in the same transaction. */
      set_draft (self, NULL, RAPPORT_VISIBILITY_PUBLIC);
      g_task_return_pointer (task, op, (GDestroyNotify) rapport_outbox_op_free);
    }
  job_done (self);
}

static void
on_update_enqueued_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportTicketSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  RapportOutboxOp *op;

  op = rapport_outbox_enqueue_update_finish (RAPPORT_STORE (source), result, &error);
  if (op == NULL)
    {
      g_task_return_error (task, error);
    }
  else
    {
      g_debug ("Queued update %" G_GINT64_FORMAT " of ticket %s", op->id, op->ticket_remote_id);
      /* The row has the change now: done once the ticket object every view shares shows it. */
      g_task_set_task_data (task, op, (GDestroyNotify) rapport_outbox_op_free);
      g_ptr_array_add (self->ticket_waiters, g_object_ref (task));
      start_load (self);
    }
  job_done (self);
}

static void
on_op_undone_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *text = rapport_outbox_undo_finish (RAPPORT_STORE (source), result, &error);

  return_text (task, text, error);
  job_done (g_task_get_source_object (task));
}

static void
on_op_discarded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *text = rapport_outbox_discard_finish (RAPPORT_STORE (source), result, &error);

  return_text (task, text, error);
  job_done (g_task_get_source_object (task));
}

static void
on_op_retried_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (rapport_outbox_retry_finish (RAPPORT_STORE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  job_done (g_task_get_source_object (task));
}

static void
on_draft_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportTicketSession *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  if (job->body == NULL)
    ok = rapport_outbox_delete_draft_finish (RAPPORT_STORE (source), result, &error);
  else
    ok = rapport_outbox_save_draft_finish (RAPPORT_STORE (source), result, &error);

  if (ok)
    {
      set_draft (self, job->body, job->visibility);
      g_task_return_boolean (task, TRUE);
    }
  else
    {
      /* Unknown again: the next save writes whatever it is. */
      self->draft_known = FALSE;
      g_task_return_error (task, error);
    }
  job_done (self);
}

static void
write_draft (RapportTicketSession *self,
             GTask                *task)
{
  Job *job = g_task_get_task_data (task);
  gint64 account_id = rapport_workspace_get_account_id (self->workspace);
  gint64 ticket_id = rapport_ticket_get_id (self->ticket);

  if (job->body == NULL)
    rapport_outbox_delete_draft_async (self->store, account_id, ticket_id, NULL,
                                       on_draft_written_cb, task);
  else
    rapport_outbox_save_draft_async (self->store, account_id, ticket_id, job->visibility,
                                     job->body, NULL, on_draft_written_cb, task);
}

static void
on_draft_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportTicketSession *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  RapportVisibility visibility = RAPPORT_VISIBILITY_PUBLIC;
  GError *error = NULL;
  g_autofree char *draft = NULL;

  draft = rapport_outbox_load_draft_finish (RAPPORT_STORE (source), result, &visibility, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      job_done (self);
      return;
    }

  set_draft (self, draft, visibility);

  if (job->kind == JOB_LOAD_DRAFT)
    {
      job->loaded_visibility = visibility;
      g_task_return_pointer (task, g_steal_pointer (&draft), g_free);
      job_done (self);
      return;
    }

  /* Append: the text goes at the end of the draft, which keeps its visibility. */
  if (draft != NULL && !is_blank (draft))
    {
      char *merged = g_strconcat (draft, RAPPORT_TICKET_SESSION_TEXT_SEPARATOR, job->body, NULL);

      g_free (job->body);
      job->body = merged;
      job->visibility = visibility;
    }
  write_draft (self, g_steal_pointer (&task));
}

static void
run_next_job (Writes *writes)
{
  RapportTicketSession *self;
  GTask *task;
  Job *job;
  gint64 account_id;
  gint64 ticket_id;

  if (writes->running)
    return;

  task = g_queue_pop_head (&writes->jobs);
  if (task == NULL)
    {
      /* All written: the application may quit now. */
      if (writes->held_app != NULL)
        {
          g_application_release (writes->held_app);
          g_clear_object (&writes->held_app);
        }
      return;
    }

  /* A draft saved as the window closes must reach the disk before the process ends. */
  if (writes->held_app == NULL && g_application_get_default () != NULL)
    {
      writes->held_app = g_object_ref (g_application_get_default ());
      g_application_hold (writes->held_app);
    }

  writes->running = TRUE;
  self = g_task_get_source_object (task);
  job = g_task_get_task_data (task);
  account_id = rapport_workspace_get_account_id (self->workspace);
  ticket_id = rapport_ticket_get_id (self->ticket);

  switch (job->kind)
    {
    case JOB_ENQUEUE_MESSAGE:
      rapport_outbox_enqueue_message_async (self->store, account_id, ticket_id, job->visibility,
                                            job->body, job->hold_ms, NULL,
                                            on_message_enqueued_cb, task);
      break;

    case JOB_ENQUEUE_UPDATE:
      rapport_outbox_enqueue_update_async (self->store, account_id, ticket_id, job->changes, NULL,
                                           on_update_enqueued_cb, task);
      break;

    case JOB_UNDO:
      rapport_outbox_undo_async (self->store, job->op_id, NULL, on_op_undone_cb, task);
      break;

    case JOB_RETRY:
      rapport_outbox_retry_async (self->store, job->op_id, NULL, on_op_retried_cb, task);
      break;

    case JOB_DISCARD:
      rapport_outbox_discard_async (self->store, job->op_id, NULL, on_op_discarded_cb, task);
      break;

    case JOB_SAVE_DRAFT:
      /* Nothing to write when the store holds that already (judged now, after the writes
       * queued before this one). */
      if (self->draft_known && g_strcmp0 (job->body, self->draft) == 0 &&
          (job->body == NULL || job->visibility == self->draft_visibility))
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          job_done (self);
          return;
        }
      write_draft (self, task);
      break;

    case JOB_LOAD_DRAFT:
    case JOB_APPEND_DRAFT:
      rapport_outbox_load_draft_async (self->store, account_id, ticket_id,
                                       job->kind == JOB_LOAD_DRAFT ? g_task_get_cancellable (task)
                                                                   : NULL,
                                       on_draft_loaded_cb, task);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gpointer
finish_pointer (RapportTicketSession  *self,
                GAsyncResult          *result,
                gpointer               source_tag,
                GError               **error)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_boolean (RapportTicketSession  *self,
                GAsyncResult          *result,
                gpointer               source_tag,
                GError               **error)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rapport_ticket_session_enqueue_message_async (RapportTicketSession *self,
                                              RapportVisibility     visibility,
                                              const char           *body,
                                              guint                 hold_ms,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  Job *job;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));
  g_return_if_fail (body != NULL);

  job = push_job (self, JOB_ENQUEUE_MESSAGE, rapport_ticket_session_enqueue_message_async,
                  cancellable, callback, user_data);
  job->visibility = visibility;
  job->body = g_strdup (body);
  job->hold_ms = hold_ms;
  run_next_job (self->writes);
}

RapportOutboxOp *
rapport_ticket_session_enqueue_message_finish (RapportTicketSession  *self,
                                               GAsyncResult          *result,
                                               GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_enqueue_message_async, error);
}

void
rapport_ticket_session_enqueue_update_async (RapportTicketSession       *self,
                                             const RapportTicketChanges *changes,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data)
{
  Job *job;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));
  g_return_if_fail (changes != NULL);

  job = push_job (self, JOB_ENQUEUE_UPDATE, rapport_ticket_session_enqueue_update_async,
                  cancellable, callback, user_data);
  job->changes = rapport_ticket_changes_copy (changes);
  run_next_job (self->writes);
}

RapportOutboxOp *
rapport_ticket_session_enqueue_update_finish (RapportTicketSession  *self,
                                              GAsyncResult          *result,
                                              GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_enqueue_update_async, error);
}

void
rapport_ticket_session_undo_async (RapportTicketSession *self,
                                   gint64                op_id,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  push_job (self, JOB_UNDO, rapport_ticket_session_undo_async, cancellable, callback,
            user_data)->op_id = op_id;
  run_next_job (self->writes);
}

char *
rapport_ticket_session_undo_finish (RapportTicketSession  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_undo_async, error);
}

void
rapport_ticket_session_retry_async (RapportTicketSession *self,
                                    gint64                op_id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  push_job (self, JOB_RETRY, rapport_ticket_session_retry_async, cancellable, callback,
            user_data)->op_id = op_id;
  run_next_job (self->writes);
}

gboolean
rapport_ticket_session_retry_finish (RapportTicketSession  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  return finish_boolean (self, result, rapport_ticket_session_retry_async, error);
}

void
rapport_ticket_session_discard_async (RapportTicketSession *self,
                                      gint64                op_id,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  push_job (self, JOB_DISCARD, rapport_ticket_session_discard_async, cancellable, callback,
            user_data)->op_id = op_id;
  run_next_job (self->writes);
}

char *
rapport_ticket_session_discard_finish (RapportTicketSession  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_discard_async, error);
}

void
rapport_ticket_session_save_draft_async (RapportTicketSession *self,
                                         RapportVisibility     visibility,
                                         const char           *body,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  Job *job;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  job = push_job (self, JOB_SAVE_DRAFT, rapport_ticket_session_save_draft_async, cancellable,
                  callback, user_data);
  job->visibility = visibility;
  job->body = body != NULL && *body != '\0' ? g_strdup (body) : NULL;
  run_next_job (self->writes);
}

gboolean
rapport_ticket_session_save_draft_finish (RapportTicketSession  *self,
                                          GAsyncResult          *result,
                                          GError               **error)
{
  return finish_boolean (self, result, rapport_ticket_session_save_draft_async, error);
}

void
rapport_ticket_session_delete_draft_async (RapportTicketSession *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  push_job (self, JOB_SAVE_DRAFT, rapport_ticket_session_delete_draft_async, cancellable,
            callback, user_data);
  run_next_job (self->writes);
}

gboolean
rapport_ticket_session_delete_draft_finish (RapportTicketSession  *self,
                                            GAsyncResult          *result,
                                            GError               **error)
{
  return finish_boolean (self, result, rapport_ticket_session_delete_draft_async, error);
}

void
rapport_ticket_session_load_draft_async (RapportTicketSession *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  push_job (self, JOB_LOAD_DRAFT, rapport_ticket_session_load_draft_async, cancellable,
            callback, user_data);
  run_next_job (self->writes);
}

char *
rapport_ticket_session_load_draft_finish (RapportTicketSession  *self,
                                          GAsyncResult          *result,
                                          RapportVisibility     *visibility,
                                          GError               **error)
{
  char *draft = finish_pointer (self, result, rapport_ticket_session_load_draft_async, error);

  if (visibility != NULL)
    {
      Job *job = g_task_get_task_data (G_TASK (result));

      *visibility = draft != NULL ? job->loaded_visibility : RAPPORT_VISIBILITY_PUBLIC;
    }

  return draft;
}

void
rapport_ticket_session_append_to_draft_async (RapportTicketSession *self,
                                              RapportVisibility     visibility,
                                              const char           *text,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  Job *job;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));
  g_return_if_fail (text != NULL && *text != '\0');

  job = push_job (self, JOB_APPEND_DRAFT, rapport_ticket_session_append_to_draft_async,
                  cancellable, callback, user_data);
  job->visibility = visibility;
  job->body = g_strdup (text);
  run_next_job (self->writes);
}

gboolean
rapport_ticket_session_append_to_draft_finish (RapportTicketSession  *self,
                                               GAsyncResult          *result,
                                               GError               **error)
{
  return finish_boolean (self, result, rapport_ticket_session_append_to_draft_async, error);
}

/* ---------------------------------------------------------------------------------------------
 * Collision check
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  GHashTable *own_messages;   /* local message ids of the ticket's ops */
  char       *user_remote_id;
  guint       timeout_id;
  gboolean    listed;         /* the store was read: the refresh is no longer awaited */
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_pointer (&data->own_messages, g_hash_table_unref);
  g_free (data->user_remote_id);
  g_free (data);
}

static void
on_check_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportTicketSession *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) unseen = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  messages = rapport_store_list_messages_finish (RAPPORT_STORE (source), result, &error);
  if (messages == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);
      gint64 id = rapport_message_get_id (message);
      const char *author = rapport_message_get_author_remote_id (message);

      if (g_hash_table_contains (self->seen, &id) ||
          g_hash_table_contains (data->own_messages, &id) ||
          rapport_message_get_author_kind (message) == RAPPORT_AUTHOR_SYSTEM ||
          (data->user_remote_id != NULL && g_strcmp0 (author, data->user_remote_id) == 0))
        continue;

      g_ptr_array_add (unseen, g_object_ref (message));
    }

  /* The agent is shown them now: they count as seen whatever the answer, and the
   * conversation shows them too. */
  if (unseen->len > 0)
    {
      for (guint i = 0; i < unseen->len; i++)
        int64_set_add (self->seen, rapport_message_get_id (g_ptr_array_index (unseen, i)));
      start_load (self);
    }

  g_task_return_pointer (task, g_steal_pointer (&unseen), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_for_check (GTask *task)
{
  RapportTicketSession *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);

  data->listed = TRUE;
  g_clear_handle_id (&data->timeout_id, g_source_remove);

  if (g_task_return_error_if_cancelled (task))
    return;

  rapport_store_list_messages_async (self->store, rapport_ticket_get_id (self->ticket),
                                     g_task_get_cancellable (task),
                                     on_check_listed_cb, g_object_ref (task));
}

static void
on_check_refreshed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!rapport_workspace_refresh_finish (RAPPORT_WORKSPACE (source), result, &error))
    /* Offline or the helpdesk failed: the cache is what there is to check against. */
    g_debug ("Refresh before sending failed: %s", error->message);

  if (!data->listed)
    list_for_check (task);
}

static gboolean
on_check_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  CheckData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  g_debug ("No answer to the refresh before sending after %u s: using the cache",
           RAPPORT_TICKET_SESSION_REFRESH_TIMEOUT_S);
  list_for_check (task);

  return G_SOURCE_REMOVE;
}

void
rapport_ticket_session_check_collisions_async (RapportTicketSession *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  RapportAccount *account;
  CheckData *data;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_ticket_session_check_collisions_async);

  /* Nothing to compare with: the agent has not been shown the messages yet. */
  if (self->messages == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  data = g_new0 (CheckData, 1);
  data->own_messages = int64_set_new ();
  for (guint i = 0; self->ops != NULL && i < self->ops->len; i++)
    {
      const RapportOutboxOp *op = g_ptr_array_index (self->ops, i);

      if (op->local_message_id != 0)
        int64_set_add (data->own_messages, op->local_message_id);
    }
  account = rapport_workspace_get_account (self->workspace);
  if (account != NULL)
    data->user_remote_id = g_strdup (rapport_account_get_user_remote_id (account));
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  if (!rapport_workspace_get_online (self->workspace))
    {
      list_for_check (task);
      return;
    }

  /* After the timeout the answer is simply no longer awaited: the pull goes on (it may be
   * the background sync's). */
  data->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                                 RAPPORT_TICKET_SESSION_REFRESH_TIMEOUT_S,
                                                 on_check_timeout_cb, g_object_ref (task),
                                                 g_object_unref);
  rapport_workspace_refresh_async (self->workspace, cancellable,
                                   on_check_refreshed_cb, g_object_ref (task));
}

GPtrArray *
rapport_ticket_session_check_collisions_finish (RapportTicketSession  *self,
                                                GAsyncResult          *result,
                                                GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_check_collisions_async, error);
}

/* ---------------------------------------------------------------------------------------------
 * Assignees
 * ------------------------------------------------------------------------------------------- */

static void
on_assignees_listed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *assignees;

  assignees = rapport_store_list_assignees_finish (RAPPORT_STORE (source), result, &error);
  if (assignees == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, assignees, (GDestroyNotify) g_ptr_array_unref);
}

void
rapport_ticket_session_list_assignees_async (RapportTicketSession *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_ticket_session_list_assignees_async);
  rapport_store_list_assignees_async (self->store,
                                      rapport_workspace_get_account_id (self->workspace),
                                      cancellable, on_assignees_listed_cb, task);
}

GPtrArray *
rapport_ticket_session_list_assignees_finish (RapportTicketSession  *self,
                                              GAsyncResult          *result,
                                              GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_list_assignees_async, error);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_ticket_session_constructed (GObject *object)
{
  RapportTicketSession *self = (RapportTicketSession *)object;

  G_OBJECT_CLASS (rapport_ticket_session_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_WORKSPACE (self->workspace));
  g_assert (RAPPORT_IS_TICKET (self->ticket));

  self->store = g_object_ref (rapport_workspace_get_store (self->workspace));
  self->writes = writes_of (self->store);
  self->changed_id = g_signal_connect_object (self->store, "changed",
                                              G_CALLBACK (on_store_changed_cb), self,
                                              G_CONNECT_SWAPPED);
  if (rapport_workspace_get_push_engine (self->workspace) != NULL)
    {
      self->push_engine = g_object_ref (rapport_workspace_get_push_engine (self->workspace));
      self->op_changed_id = g_signal_connect_object (self->push_engine, "op-changed",
                                                     G_CALLBACK (on_op_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
    }

  start_load (self);
}

static void
rapport_ticket_session_dispose (GObject *object)
{
  RapportTicketSession *self = (RapportTicketSession *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  cancel_load (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  if (self->push_engine != NULL)
    g_clear_signal_handler (&self->op_changed_id, self->push_engine);
  g_clear_object (&self->push_engine);
  self->writes = NULL;
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  g_clear_object (&self->ticket);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->ops, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_ticket_session_parent_class)->dispose (object);
}

static void
rapport_ticket_session_finalize (GObject *object)
{
  RapportTicketSession *self = (RapportTicketSession *)object;

  g_clear_error (&self->error);
  g_clear_error (&self->customer_error);
  g_free (self->draft);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->ticket_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_ticket_session_parent_class)->finalize (object);
}

static void
rapport_ticket_session_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportTicketSession *self = RAPPORT_TICKET_SESSION (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    case PROP_MESSAGES:
      g_value_set_boxed (value, self->messages);
      break;

    case PROP_OPS:
      g_value_set_boxed (value, self->ops);
      break;

    case PROP_CUSTOMER:
      g_value_set_object (value, self->customer);
      break;

    case PROP_HISTORY:
      g_value_set_boxed (value, self->history);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_CUSTOMER_ERROR:
      g_value_set_boxed (value, self->customer_error);
      break;

    case PROP_DRAFT:
      g_value_set_string (value, self->draft);
      break;

    case PROP_DRAFT_VISIBILITY:
      g_value_set_enum (value, self->draft_visibility);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_session_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportTicketSession *self = RAPPORT_TICKET_SESSION (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    case PROP_TICKET:
      self->ticket = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_session_class_init (RapportTicketSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = rapport_ticket_session_constructed;
  object_class->dispose = rapport_ticket_session_dispose;
  object_class->finalize = rapport_ticket_session_finalize;
  object_class->get_property = rapport_ticket_session_get_property;
  object_class->set_property = rapport_ticket_session_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, RAPPORT_TYPE_WORKSPACE, construct);
  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL, RAPPORT_TYPE_TICKET, construct);
  properties[PROP_MESSAGES] =
    g_param_spec_boxed ("messages", NULL, NULL, G_TYPE_PTR_ARRAY, read_only);
  properties[PROP_OPS] =
    g_param_spec_boxed ("ops", NULL, NULL, G_TYPE_PTR_ARRAY, read_only);
  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL, RAPPORT_TYPE_CUSTOMER, read_only);
  properties[PROP_HISTORY] =
    g_param_spec_boxed ("history", NULL, NULL, G_TYPE_PTR_ARRAY, read_only);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, read_only);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, read_only);
  properties[PROP_CUSTOMER_ERROR] =
    g_param_spec_boxed ("customer-error", NULL, NULL, G_TYPE_ERROR, read_only);
  properties[PROP_DRAFT] =
    g_param_spec_string ("draft", NULL, NULL, NULL, read_only);
  properties[PROP_DRAFT_VISIBILITY] =
    g_param_spec_enum ("draft-visibility", NULL, NULL, RAPPORT_TYPE_VISIBILITY,
                       RAPPORT_VISIBILITY_PUBLIC, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_ticket_session_init (RapportTicketSession *self)
{
  self->seen = int64_set_new ();
  self->ticket_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->draft_visibility = RAPPORT_VISIBILITY_PUBLIC;
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

RapportTicketSession *
rapport_ticket_session_new (RapportWorkspace *workspace,
                            RapportTicket    *ticket)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (RAPPORT_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (rapport_ticket_get_id (ticket) > 0, NULL);

  return g_object_new (RAPPORT_TYPE_TICKET_SESSION,
                       "workspace", workspace,
                       "ticket", ticket,
                       NULL);
}

RapportWorkspace *
rapport_ticket_session_get_workspace (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->workspace;
}

RapportStore *
rapport_ticket_session_get_store (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->store;
}

RapportAccount *
rapport_ticket_session_get_account (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->workspace != NULL ? rapport_workspace_get_account (self->workspace) : NULL;
}

RapportTicket *
rapport_ticket_session_get_ticket (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->ticket;
}

gint64
rapport_ticket_session_get_ticket_id (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), 0);

  return self->ticket != NULL ? rapport_ticket_get_id (self->ticket) : 0;
}

gint64
rapport_ticket_session_get_customer_id (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), 0);

  return self->ticket != NULL ? rapport_ticket_get_customer_id (self->ticket) : 0;
}

GPtrArray *
rapport_ticket_session_get_messages (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->messages;
}

GPtrArray *
rapport_ticket_session_get_ops (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->ops;
}

RapportCustomer *
rapport_ticket_session_get_customer (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->customer;
}

GPtrArray *
rapport_ticket_session_get_history (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->history;
}

gboolean
rapport_ticket_session_get_loading (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), FALSE);

  return self->loading;
}

const GError *
rapport_ticket_session_get_error (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->error;
}

const GError *
rapport_ticket_session_get_customer_error (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->customer_error;
}

const char *
rapport_ticket_session_get_draft (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->draft;
}

RapportVisibility
rapport_ticket_session_get_draft_visibility (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), RAPPORT_VISIBILITY_PUBLIC);

  return self->draft_visibility;
}

void
rapport_ticket_session_reload (RapportTicketSession *self)
{
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  start_load (self);
}

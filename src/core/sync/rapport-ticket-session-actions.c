/* rapport-ticket-session-actions.c: what the panes do through a session (the writes, one
 * after another; the collision check; the people to assign to).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ticket-session"

#include "config.h"

#include "rapport-ticket-session.h"

#include "rapport-drafts.h"
#include "rapport-ticket-session-private.h"

#define WRITES_KEY "rapport-ticket-session-writes"

/* ---------------------------------------------------------------------------------------------
 * Writes, one after another
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  JOB_ENQUEUE_MESSAGE,
  JOB_ENQUEUE_UPDATE,
  JOB_UNDO,
  JOB_EXTEND_HOLD,
  JOB_RETRY,
  JOB_DISCARD,
  JOB_SAVE_DRAFT,
  JOB_LOAD_DRAFT,
  JOB_APPEND_DRAFT,
  JOB_REQUEST_MONEY,
  JOB_DECIDE,
} JobKind;

typedef struct
{
  JobKind               kind;
  guint64               seq;               /* the session's write_seq when asked for */
  RapportVisibility     visibility;
  char                 *body;
  guint                 hold_ms;
  gint64                op_id;
  gint64                until_ms;
  RapportTicketChanges *changes;
  /* money, decisions */
  RapportMoneyKind      money_kind;
  RapportMoney          amount;
  char                 *order_reference;
  RapportPolicyEvaluation provisional;
  RapportDecision       decision;

  /* results */
  RapportVisibility     loaded_visibility;
} Job;

static void
job_free (Job *job)
{
  g_free (job->body);
  g_free (job->order_reference);
  g_clear_pointer (&job->changes, rapport_ticket_changes_free);
  g_free (job);
}

static void
writes_free (Writes *writes)
{
  /* Every waiting write holds its session, which holds the store; a wait ends with the
   * writes it waits for. */
  g_assert (g_queue_is_empty (&writes->jobs));
  g_assert (g_queue_is_empty (&writes->waiters));
  g_assert (writes->held_app == NULL);
  g_free (writes);
}

Writes *
_rapport_ticket_session_writes_of (RapportStore *store)
{
  Writes *writes = g_object_get_data (G_OBJECT (store), WRITES_KEY);

  if (writes == NULL)
    {
      writes = g_new0 (Writes, 1);
      g_queue_init (&writes->jobs);
      g_queue_init (&writes->waiters);
      g_object_set_data_full (G_OBJECT (store), WRITES_KEY, writes, (GDestroyNotify) writes_free);
    }

  return writes;
}

static void run_next_job (Writes *writes);

/* Ends the waits for writes that have all ended now (the waiters wait in the order asked). */
static void
end_waits (Writes *writes)
{
  GTask *waiter;

  while ((waiter = g_queue_peek_head (&writes->waiters)) != NULL &&
         *(guint64 *) g_task_get_task_data (waiter) <= writes->n_done)
    {
      g_queue_pop_head (&writes->waiters);
      g_task_return_boolean (waiter, TRUE);
      g_object_unref (waiter);
    }
}

static void
job_done (RapportTicketSession *self)
{
  Writes *writes = self->writes;

  writes->running = FALSE;
  writes->n_done++;
  end_waits (writes);
  run_next_job (writes);
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
  job->seq = ++self->write_seq;
  self->writes->n_asked++;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_queue_push_tail (&self->writes->jobs, task);

  return job;
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
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  RapportOutboxOp *op;

  op = rapport_outbox_enqueue_message_finish (RAPPORT_STORE (source), result, &error);
  if (op == NULL)
    {
      g_task_return_error (task, error);
    }
  else
    {
      g_autoptr(GPtrArray) used = _rapport_ticket_session_take_candidates (self, job->seq);

      if (job->visibility == RAPPORT_VISIBILITY_PUBLIC && used->len > 0)
        _rapport_ticket_session_record_candidates (self, op, used);

      /* The draft went in the same transaction. */
      _rapport_ticket_session_set_draft (self, NULL, RAPPORT_VISIBILITY_PUBLIC);
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
      _rapport_ticket_session_load (self);
    }
  job_done (self);
}

/* A money action or a decision is queued: the ledger row shows it; reload so the session's
 * money properties do. */
static void
on_money_enqueued_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportTicketSession *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  RapportOutboxOp *op;

  if (job->kind == JOB_REQUEST_MONEY)
    op = rapport_outbox_enqueue_money_finish (RAPPORT_STORE (source), result, &error);
  else
    op = rapport_outbox_enqueue_decision_finish (RAPPORT_STORE (source), result, &error);

  if (op == NULL)
    {
      g_task_return_error (task, error);
    }
  else
    {
      g_debug ("Queued %s %" G_GINT64_FORMAT " of ticket %s",
               job->kind == JOB_REQUEST_MONEY ? "money action" : "decision", op->id,
               op->ticket_remote_id);
      g_task_return_pointer (task, op, (GDestroyNotify) rapport_outbox_op_free);
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
on_hold_extended_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  RapportOutboxOp *op = rapport_outbox_extend_hold_finish (RAPPORT_STORE (source), result, &error);

  if (op == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, op, (GDestroyNotify) rapport_outbox_op_free);
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
    ok = rapport_drafts_delete_finish (RAPPORT_STORE (source), result, &error);
  else
    ok = rapport_drafts_save_finish (RAPPORT_STORE (source), result, &error);

  if (ok)
    {
      if (job->body == NULL)
        _rapport_ticket_session_forget_candidates (self, job->seq);
      _rapport_ticket_session_set_draft (self, job->body, job->visibility);
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
    rapport_drafts_delete_async (self->store, account_id, ticket_id, NULL,
                                       on_draft_written_cb, task);
  else
    rapport_drafts_save_async (self->store, account_id, ticket_id, job->visibility,
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

  draft = rapport_drafts_load_finish (RAPPORT_STORE (source), result, &visibility, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      job_done (self);
      return;
    }

  _rapport_ticket_session_set_draft (self, draft, visibility);

  if (job->kind == JOB_LOAD_DRAFT)
    {
      job->loaded_visibility = visibility;
      g_task_return_pointer (task, g_steal_pointer (&draft), g_free);
      job_done (self);
      return;
    }

  /* Append: the text goes at the end of the draft, which keeps its visibility. */
  if (draft != NULL && !rapport_text_is_blank (draft))
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

    case JOB_EXTEND_HOLD:
      rapport_outbox_extend_hold_async (self->store, job->op_id, job->until_ms, NULL,
                                        on_hold_extended_cb, task);
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
          if (job->body == NULL)
            _rapport_ticket_session_forget_candidates (self, job->seq);
          /* The task may hold the last reference to the session: let go of it last. */
          g_task_return_boolean (task, TRUE);
          job_done (self);
          g_object_unref (task);
          return;
        }
      write_draft (self, task);
      break;

    case JOB_REQUEST_MONEY:
      rapport_outbox_enqueue_money_async (self->store, account_id, ticket_id, job->money_kind,
                                          &job->amount, job->body, job->order_reference,
                                          &job->provisional, NULL, on_money_enqueued_cb, task);
      break;

    case JOB_DECIDE:
      rapport_outbox_enqueue_decision_async (self->store, account_id, job->op_id, job->decision,
                                             job->body, NULL, on_money_enqueued_cb, task);
      break;

    case JOB_LOAD_DRAFT:
    case JOB_APPEND_DRAFT:
      rapport_drafts_load_async (self->store, account_id, ticket_id,
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
rapport_ticket_session_extend_hold_async (RapportTicketSession *self,
                                          gint64                op_id,
                                          gint64                until_ms,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  Job *job;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  job = push_job (self, JOB_EXTEND_HOLD, rapport_ticket_session_extend_hold_async, cancellable,
                  callback, user_data);
  job->op_id = op_id;
  job->until_ms = until_ms;
  run_next_job (self->writes);
}

RapportOutboxOp *
rapport_ticket_session_extend_hold_finish (RapportTicketSession  *self,
                                           GAsyncResult          *result,
                                           GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_extend_hold_async, error);
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
rapport_ticket_session_wait_for_writes_async (RapportStore        *store,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  Writes *writes;
  GTask *task;

  g_return_if_fail (RAPPORT_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  writes = _rapport_ticket_session_writes_of (store);
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_ticket_session_wait_for_writes_async);
  g_task_set_task_data (task, g_memdup2 (&writes->n_asked, sizeof writes->n_asked), g_free);

  if (writes->n_done >= writes->n_asked)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  g_queue_push_tail (&writes->waiters, task);
}

gboolean
rapport_ticket_session_wait_for_writes_finish (RapportStore  *store,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_ticket_session_wait_for_writes_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
  GHashTable *seen;           /* what the agent had been shown when Send was pressed */
  char       *user_remote_id;
  gint64      oldest_at;      /* created_at and id of the oldest message shown, when older */
  gint64      oldest_id;      /*   ones were not loaded (0 and 0: all were) */
  guint       timeout_id;
  gboolean    listed;         /* the store was read: the refresh is no longer awaited */
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_pointer (&data->own_messages, g_hash_table_unref);
  g_clear_pointer (&data->seen, g_hash_table_unref);
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

      /* Older than the pages the agent has loaded: not news. */
      if (rapport_message_get_created_at (message) < data->oldest_at ||
          (rapport_message_get_created_at (message) == data->oldest_at && id < data->oldest_id))
        continue;

      if (g_hash_table_contains (data->seen, &id) ||
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
        _rapport_int64_set_add (self->seen, rapport_message_get_id (g_ptr_array_index (unseen, i)));
      _rapport_ticket_session_load (self);
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
  data->own_messages = _rapport_int64_set_new ();
  data->seen = _rapport_int64_set_new ();
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      _rapport_int64_set_add (data->seen, *(gint64 *) key);
  }
  for (guint i = 0; self->ops != NULL && i < self->ops->len; i++)
    {
      const RapportOutboxOp *op = g_ptr_array_index (self->ops, i);

      if (op->local_message_id != 0)
        _rapport_int64_set_add (data->own_messages, op->local_message_id);
    }
  if (!self->messages_complete && self->messages->len > 0)
    {
      RapportMessage *oldest = g_ptr_array_index (self->messages, 0);

      data->oldest_at = rapport_message_get_created_at (oldest);
      data->oldest_id = rapport_message_get_id (oldest);
    }
  else
    {
      data->oldest_at = G_MININT64;
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
 * Money
 * ------------------------------------------------------------------------------------------- */

void
rapport_ticket_session_request_money_async (RapportTicketSession  *self,
                                            RapportMoneyKind       kind,
                                            const RapportMoney    *amount,
                                            const char            *reason,
                                            const char            *order_reference,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  Job *job;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));
  g_return_if_fail (amount != NULL);

  job = push_job (self, JOB_REQUEST_MONEY, rapport_ticket_session_request_money_async,
                  cancellable, callback, user_data);
  job->money_kind = kind;
  job->amount = *amount;
  job->body = g_strdup (reason);
  job->order_reference = g_strdup (order_reference);
  /* The verdict the agent saw when they asked: provisional until the server decides. */
  rapport_ticket_session_evaluate_money (self, kind, amount, g_get_real_time (),
                                         &job->provisional);
  run_next_job (self->writes);
}

/**
 * rapport_ticket_session_request_money_finish:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_ticket_session_request_money_finish (RapportTicketSession  *self,
                                             GAsyncResult          *result,
                                             GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_request_money_async, error);
}

void
rapport_ticket_session_decide_async (RapportTicketSession  *self,
                                     gint64                 action_id,
                                     RapportDecision        decision,
                                     const char            *note,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  Job *job;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));
  g_return_if_fail (decision == RAPPORT_DECISION_APPROVE || decision == RAPPORT_DECISION_REJECT);

  job = push_job (self, JOB_DECIDE, rapport_ticket_session_decide_async, cancellable, callback,
                  user_data);
  job->op_id = action_id;
  job->decision = decision;
  job->body = g_strdup (note);
  run_next_job (self->writes);
}

/**
 * rapport_ticket_session_decide_finish:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_ticket_session_decide_finish (RapportTicketSession  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  return finish_pointer (self, result, rapport_ticket_session_decide_async, error);
}

/* rapport-ticket-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ticket-session"

#include "config.h"

#include "rapport-ticket-session.h"

#include "rapport-core-private.h"
#include "rapport-enums.h"
#include "rapport-ticket-session-private.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (RapportTicketSession, rapport_ticket_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_TICKET,
  PROP_MESSAGES,
  PROP_OPS,
  PROP_CUSTOMER,
  PROP_HISTORY,
  PROP_HISTORY_COMPLETE,
  PROP_HISTORY_TOTAL,
  PROP_LOADING,
  PROP_ERROR,
  PROP_CUSTOMER_ERROR,
  PROP_DRAFT,
  PROP_DRAFT_VISIBILITY,
  PROP_MONEY_ACTIONS,
  PROP_MONEY_SUMMARY,
  PROP_AGENT_ACTIONS,
  PROP_AUTHORITY,
  PROP_MESSAGES_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load (RapportTicketSession *self);

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

void
_rapport_ticket_session_set_draft (RapportTicketSession *self,
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
          rapport_message_get_body_length (ma) != rapport_message_get_body_length (mb) ||
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
  gboolean         messages_complete;
  GPtrArray       *ops;
  GPtrArray       *agent_actions;
  GError          *ticket_error;

  /* customer part */
  CustomerState    customer_state;
  GCancellable    *customer_cancellable;
  guint            customer_serial;
  gint64           customer_id;
  guint            customer_pending;
  RapportCustomer *customer;
  GPtrArray       *history;
  gboolean         history_complete;
  guint            history_total;
  GPtrArray       *money_actions;
  RapportMoneySummary *money_summary;
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
  g_clear_pointer (&load->money_actions, g_ptr_array_unref);
  g_clear_pointer (&load->money_summary, rapport_money_summary_free);
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
  g_clear_pointer (&load->agent_actions, g_ptr_array_unref);
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

  /* Publishing runs callers' code, which may have started a newer load meanwhile: that one
   * is the session's now, and this one was already let go of. */
  if (self->load != load)
    return;

  self->load = NULL;
  load_unref (load);
  set_loading (self, FALSE);
}

/* The customer's recent money actions and money summary (NULL: none, no customer). */
static void
set_money (RapportTicketSession      *self,
           GPtrArray                 *actions,
           const RapportMoneySummary *summary)
{
  if (!_rapport_money_actions_same (self->money_actions, actions))
    {
      g_clear_pointer (&self->money_actions, g_ptr_array_unref);
      self->money_actions = actions != NULL ? g_ptr_array_ref (actions) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONEY_ACTIONS]);
    }
  _rapport_ticket_session_set_money_summary (self, summary);
}

/* The history of @customer_id (NULL: none), its completeness and total, each notified when
 * it changed. */
static void
set_history (RapportTicketSession *self,
             gint64                customer_id,
             GPtrArray            *history,
             gboolean              complete,
             guint                 total)
{
  self->history_customer_id = customer_id;
  if (!same_history (self->history, history))
    {
      g_clear_pointer (&self->history, g_ptr_array_unref);
      self->history = history != NULL ? g_ptr_array_ref (history) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
    }
  if (self->history_complete != complete)
    {
      self->history_complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_COMPLETE]);
    }
  if (self->history_total != total)
    {
      self->history_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_TOTAL]);
    }
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
      set_history (self, load->customer_id, load->history, load->history_complete,
                   load->history_total);
      set_money (self, load->money_actions, load->money_summary);
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
on_money_actions_loaded_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(CustomerCall) call = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *actions;

  actions = rapport_store_list_recent_customer_actions_finish (RAPPORT_STORE (source), result,
                                                             &error);
  if (call->serial != call->load->customer_serial)
    {
      g_clear_pointer (&actions, g_ptr_array_unref);
      return;
    }

  call->load->money_actions = actions;
  if (error != NULL)
    keep_first_error (&call->load->customer_error, &error);
  customer_step_done (call->load);
}

static void
on_money_summary_loaded_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(CustomerCall) call = user_data;
  g_autoptr(GError) error = NULL;
  RapportMoneySummary *summary;

  summary = rapport_store_money_summary_finish (RAPPORT_STORE (source), result, &error);
  if (call->serial != call->load->customer_serial)
    {
      g_clear_pointer (&summary, rapport_money_summary_free);
      return;
    }

  call->load->money_summary = summary;
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
  gboolean complete = FALSE;
  GPtrArray *history;
  guint total = 0;

  history = rapport_store_customer_history_page_finish (RAPPORT_STORE (source), result,
                                                        &complete, &total, &error);
  if (call->serial != call->load->customer_serial)
    {
      g_clear_pointer (&history, g_ptr_array_unref);
      return;
    }

  call->load->history = history;
  call->load->history_complete = complete;
  call->load->history_total = total;
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
  guint window_days;
  gint64 now;

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

  /* As many pages as were asked for: a reload does not take back what the agent scrolled
   * through. Another customer's history starts with one page. */
  if (customer_id != self->history_customer_id)
    self->history_pages = 1;

  load->customer_state = CUSTOMER_LOADING;
  load->customer_pending = 4;
  load->customer_cancellable = g_cancellable_new ();
  rapport_store_load_customer_async (self->store, customer_id, load->customer_cancellable,
                                     on_customer_loaded_cb, customer_call_new (load));
  rapport_store_customer_history_page_async (self->store, customer_id, NULL,
                                             self->history_pages *
                                             RAPPORT_TICKET_SESSION_HISTORY_PAGE,
                                             load->customer_cancellable, on_history_loaded_cb,
                                             customer_call_new (load));
  /* Not the whole ledger: the summary, the actions the policy's window adds up, and this
   * ticket's awaiting ones (the conversation shows them). */
  window_days = _rapport_ticket_session_customer_window_days (self);
  now = g_get_real_time ();
  rapport_store_money_summary_async (self->store, customer_id, window_days, now,
                                     load->customer_cancellable, on_money_summary_loaded_cb,
                                     customer_call_new (load));
  rapport_store_list_recent_customer_actions_async (self->store, customer_id,
                                                    now - (gint64) window_days * G_TIME_SPAN_DAY,
                                                    rapport_ticket_get_id (self->ticket),
                                                    load->customer_cancellable,
                                                    on_money_actions_loaded_cb,
                                                    customer_call_new (load));
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

/* ---------------------------------------------------------------------------------------------
 * Paged messages: a load reads as many of the newest messages as the pages asked for so far;
 * one more page is read on its own, without the rest of a load.
 * ------------------------------------------------------------------------------------------- */

static guint
messages_limit (RapportTicketSession *self)
{
  return MAX (self->messages_pages, 1) * RAPPORT_TICKET_SESSION_MESSAGES_PAGE;
}

static void
publish_messages (RapportTicketSession *self,
                  GPtrArray            *messages,
                  gboolean              complete)
{
  /* What the agent is shown, for the collision check. */
  for (guint i = 0; i < messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);

      _rapport_int64_set_add (self->seen, rapport_message_get_id (message));
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (!same_messages (self->messages, messages))
    {
      g_clear_pointer (&self->messages, g_ptr_array_unref);
      self->messages = g_ptr_array_ref (messages);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES]);
    }
  if (self->messages_complete != complete)
    {
      self->messages_complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_COMPLETE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
cancel_older_messages (RapportTicketSession *self)
{
  if (self->older_cancellable == NULL)
    return;

  g_cancellable_cancel (self->older_cancellable);
  g_clear_object (&self->older_cancellable);
}

typedef struct
{
  GWeakRef      session;
  GCancellable *cancellable;
} OlderRead;

static void
older_read_free (OlderRead *read)
{
  g_weak_ref_clear (&read->session);
  g_clear_object (&read->cancellable);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OlderRead, older_read_free)

static void
on_older_messages_loaded_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(OlderRead) read = user_data;
  g_autoptr(RapportTicketSession) self = g_weak_ref_get (&read->session);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = FALSE;

  messages = rapport_store_list_recent_messages_finish (RAPPORT_STORE (source), result,
                                                        &complete, &error);
  /* The session went away, or a load started meanwhile (it reads the pages asked for). */
  if (self == NULL || self->older_cancellable != read->cancellable)
    return;

  g_clear_object (&self->older_cancellable);
  if (messages == NULL)
    {
      /* The pages shown stay; asking again tries again. */
      g_warning ("Could not load older messages of ticket %" G_GINT64_FORMAT ": %s",
                 rapport_ticket_get_id (self->ticket), error->message);
      self->messages_pages--;
      return;
    }

  publish_messages (self, messages, complete);
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
      /* No row: the ticket was deleted meanwhile; the object keeps what it had. A list's
       * placeholder is the list's to fill (with the rows around it); the session goes by its
       * own copy of the row meanwhile. */
      if (load->row != NULL)
        {
          g_set_object (&self->row, load->row);
          if (rapport_ticket_get_loaded (self->ticket))
            rapport_ticket_update_from (self->ticket, load->row);
        }

      if (!same_ops (self->ops, load->ops))
        {
          g_clear_pointer (&self->ops, g_ptr_array_unref);
          self->ops = g_ptr_array_ref (load->ops);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPS]);
        }

      publish_messages (self, load->messages, load->messages_complete);

      if (self->agent_actions == NULL ||
          !_rapport_money_actions_same (self->agent_actions, load->agent_actions))
        {
          g_clear_pointer (&self->agent_actions, g_ptr_array_unref);
          self->agent_actions = g_ptr_array_ref (load->agent_actions);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_ACTIONS]);
        }

      set_error (self, &self->error, NULL, properties[PROP_ERROR]);
    }

  /* The customer part is right only if the row names the customer it was started for. */
  customer_id = rapport_ticket_session_get_customer_id (self);
  if (customer_id <= 0)
    {
      start_customer_part (self, load, 0);
      if (g_set_object (&self->customer, NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
      set_money (self, NULL, NULL);
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

  load->messages = rapport_store_list_recent_messages_finish (RAPPORT_STORE (source), result,
                                                              &load->messages_complete, &error);
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
on_agent_actions_loaded_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  load->agent_actions = rapport_store_list_agent_actions_finish (RAPPORT_STORE (source), result,
                                                                 &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* The ticket still shows; only the agent's day total of the live verdict is missing. */
    g_warning ("Could not load the agent's money actions: %s", error->message);
  if (load->agent_actions == NULL)
    load->agent_actions = g_ptr_array_new_with_free_func (g_object_unref);

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

/* The next page of history under way is dropped: a load reads every page asked for. */
static void
cancel_more_history (RapportTicketSession *self)
{
  g_cancellable_cancel (self->history_more);
  g_clear_object (&self->history_more);
}

static void
start_load (RapportTicketSession *self)
{
  gint64 ticket_id = rapport_ticket_get_id (self->ticket);
  Load *load;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  cancel_load (self);
  cancel_more_history (self);
  cancel_older_messages (self);
  self->generation++;

  load = g_new0 (Load, 1);
  load->ref_count = 1;
  g_weak_ref_init (&load->session, self);
  load->generation = self->generation;
  load->cancellable = g_cancellable_new ();
  load->ticket_pending = 4;
  self->load = load;
  set_loading (self, TRUE);

  rapport_store_load_tickets_async (self->store, &ticket_id, 1, load->cancellable,
                                    on_row_loaded_cb, load_ref (load));
  rapport_store_list_recent_messages_async (self->store, ticket_id, messages_limit (self),
                                            load->cancellable, on_messages_loaded_cb,
                                            load_ref (load));
  rapport_outbox_list_ops_async (self->store, ticket_id, load->cancellable,
                                 on_ops_loaded_cb, load_ref (load));
  rapport_store_list_agent_actions_async (self->store,
                                          rapport_workspace_get_account_id (self->workspace),
                                          rapport_account_get_user_remote_id (
                                            rapport_workspace_get_account (self->workspace)),
                                          _rapport_ticket_session_agent_day_start (self),
                                          load->cancellable, on_agent_actions_loaded_cb,
                                          load_ref (load));

  if (rapport_ticket_session_get_customer_id (self) > 0)
    start_customer_part (self, load, rapport_ticket_session_get_customer_id (self));
}

void
_rapport_ticket_session_load (RapportTicketSession *self)
{
  start_load (self);
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

/* The policy's window or the agent's day may have changed: the summary, the customer's
 * recent actions and the agent's are read again. */
static void
on_authority_changed_cb (RapportTicketSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHORITY]);
  schedule_reload (self);
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
  self->writes = _rapport_ticket_session_writes_of (self->store);
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

  self->authority_id = g_signal_connect_object (self->workspace, "notify::authority",
                                                G_CALLBACK (on_authority_changed_cb), self,
                                                G_CONNECT_SWAPPED);

  start_load (self);
}

static void
rapport_ticket_session_dispose (GObject *object)
{
  RapportTicketSession *self = (RapportTicketSession *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  cancel_load (self);
  cancel_more_history (self);
  cancel_older_messages (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  if (self->push_engine != NULL)
    g_clear_signal_handler (&self->op_changed_id, self->push_engine);
  if (self->workspace != NULL)
    g_clear_signal_handler (&self->authority_id, self->workspace);
  g_clear_object (&self->push_engine);
  self->writes = NULL;
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  g_clear_object (&self->ticket);
  g_clear_object (&self->row);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->ops, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->money_actions, g_ptr_array_unref);
  g_clear_pointer (&self->agent_actions, g_ptr_array_unref);
  g_clear_pointer (&self->money_summary, rapport_money_summary_free);

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
  g_clear_pointer (&self->inserted, g_ptr_array_unref);

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

    case PROP_HISTORY_COMPLETE:
      g_value_set_boolean (value, self->history_complete);
      break;

    case PROP_HISTORY_TOTAL:
      g_value_set_uint (value, self->history_total);
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

    case PROP_MONEY_ACTIONS:
      g_value_set_boxed (value, self->money_actions);
      break;

    case PROP_MONEY_SUMMARY:
      g_value_set_boxed (value, self->money_summary);
      break;

    case PROP_AGENT_ACTIONS:
      g_value_set_boxed (value, self->agent_actions);
      break;

    case PROP_AUTHORITY:
      g_value_set_boxed (value, rapport_ticket_session_get_authority (self));
      break;

    case PROP_MESSAGES_COMPLETE:
      g_value_set_boolean (value, self->messages_complete);
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
  properties[PROP_HISTORY_COMPLETE] =
    g_param_spec_boolean ("history-complete", NULL, NULL, FALSE, read_only);
  properties[PROP_HISTORY_TOTAL] =
    g_param_spec_uint ("history-total", NULL, NULL, 0, G_MAXUINT, 0, read_only);
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
  properties[PROP_MONEY_ACTIONS] =
    g_param_spec_boxed ("money-actions", NULL, NULL, G_TYPE_PTR_ARRAY, read_only);
  properties[PROP_MONEY_SUMMARY] =
    g_param_spec_boxed ("money-summary", NULL, NULL, RAPPORT_TYPE_MONEY_SUMMARY, read_only);
  properties[PROP_AGENT_ACTIONS] =
    g_param_spec_boxed ("agent-actions", NULL, NULL, G_TYPE_PTR_ARRAY, read_only);
  properties[PROP_AUTHORITY] =
    g_param_spec_boxed ("authority", NULL, NULL, RAPPORT_TYPE_AUTHORITY, read_only);
  properties[PROP_MESSAGES_COMPLETE] =
    g_param_spec_boolean ("messages-complete", NULL, NULL, FALSE, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_ticket_session_init (RapportTicketSession *self)
{
  self->seen = _rapport_int64_set_new ();
  self->inserted = _rapport_ticket_session_inserted_new ();
  self->ticket_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->draft_visibility = RAPPORT_VISIBILITY_PUBLIC;
  self->history_pages = 1;
  self->messages_pages = 1;
}

void
_rapport_ticket_session_set_money_summary (RapportTicketSession      *self,
                                           const RapportMoneySummary *summary)
{
  if (summary == NULL && self->money_summary == NULL)
    return;
  if (summary != NULL && self->money_summary != NULL &&
      summary->window_days == self->money_summary->window_days &&
      summary->n_pending_approval == self->money_summary->n_pending_approval &&
      summary->n_invalid_decisions == self->money_summary->n_invalid_decisions &&
      summary->totals->len == self->money_summary->totals->len &&
      (summary->totals->len == 0 ||
       memcmp (summary->totals->data, self->money_summary->totals->data,
               summary->totals->len * sizeof (RapportMoneyTotals)) == 0))
    return;

  g_clear_pointer (&self->money_summary, rapport_money_summary_free);
  self->money_summary = summary != NULL ? rapport_money_summary_copy (summary) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONEY_SUMMARY]);
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

  if (self->ticket != NULL && rapport_ticket_get_loaded (self->ticket))
    return rapport_ticket_get_customer_id (self->ticket);

  return self->row != NULL ? rapport_ticket_get_customer_id (self->row) : 0;
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

gboolean
rapport_ticket_session_get_history_complete (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), FALSE);

  return self->history_complete;
}

guint
rapport_ticket_session_get_history_total (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), 0);

  return self->history_total;
}

typedef struct
{
  GWeakRef      session;
  GCancellable *cancellable;
} MoreHistoryCall;

static void
more_history_call_free (MoreHistoryCall *call)
{
  g_weak_ref_clear (&call->session);
  g_clear_object (&call->cancellable);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoreHistoryCall, more_history_call_free)

static void
on_more_history_loaded_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(MoreHistoryCall) call = user_data;
  g_autoptr(RapportTicketSession) self = g_weak_ref_get (&call->session);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = FALSE;
  guint total = 0;

  page = rapport_store_customer_history_page_finish (RAPPORT_STORE (source), result, &complete,
                                                     &total, &error);
  /* Superseded: a load under way reads this page too. */
  if (self == NULL || self->history_more != call->cancellable)
    return;

  g_clear_object (&self->history_more);
  if (page == NULL)
    {
      /* The pages loaded stay; asking again tries again. */
      self->history_pages--;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load more of the history of customer %" G_GINT64_FORMAT ": %s",
                   self->history_customer_id, error->message);
      return;
    }

  history = g_ptr_array_new_full (self->history->len + page->len, g_object_unref);
  for (guint i = 0; i < self->history->len; i++)
    g_ptr_array_add (history, g_object_ref (g_ptr_array_index (self->history, i)));
  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (history, g_object_ref (g_ptr_array_index (page, i)));

  g_object_freeze_notify (G_OBJECT (self));
  set_history (self, self->history_customer_id, history, complete, total);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rapport_ticket_session_load_more_history (RapportTicketSession *self)
{
  MoreHistoryCall *call;
  RapportHistoryEntry *last;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  if (self->history == NULL || self->history_complete || self->load != NULL ||
      self->history_more != NULL)
    return;

  /* The page after the oldest entry shown: what came meanwhile comes with the next load. */
  last = self->history->len > 0 ? g_ptr_array_index (self->history, self->history->len - 1) : NULL;
  self->history_pages++;
  self->history_more = g_cancellable_new ();
  call = g_new0 (MoreHistoryCall, 1);
  g_weak_ref_init (&call->session, self);
  call->cancellable = g_object_ref (self->history_more);
  rapport_store_customer_history_page_async (self->store, self->history_customer_id, last,
                                             RAPPORT_TICKET_SESSION_HISTORY_PAGE,
                                             self->history_more, on_more_history_loaded_cb, call);
}

gboolean
rapport_ticket_session_get_messages_complete (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), FALSE);

  return self->messages_complete;
}

void
rapport_ticket_session_load_older_messages (RapportTicketSession *self)
{
  OlderRead *read;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  /* Nothing shown yet, everything in, or the messages are being read: a load under way
   * brings the pages asked for, and its messages come with whether they are complete. */
  if (self->messages == NULL || self->messages_complete || self->older_cancellable != NULL ||
      (self->load != NULL && !self->load->ticket_done))
    return;

  self->messages_pages++;
  self->older_cancellable = g_cancellable_new ();
  read = g_new0 (OlderRead, 1);
  g_weak_ref_init (&read->session, self);
  read->cancellable = g_object_ref (self->older_cancellable);
  rapport_store_list_recent_messages_async (self->store, rapport_ticket_get_id (self->ticket),
                                            messages_limit (self), self->older_cancellable,
                                            on_older_messages_loaded_cb, read);
}

void
rapport_ticket_session_reload (RapportTicketSession *self)
{
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));

  start_load (self);
}

/* rapport-rt-money.c
 *
 * Money actions and approvals of RapportRtProvider, on the records data/rt/rapport-authority.pl
 * installs (docs/decisions/0005-money-actions-in-rt.md, 0006-rt-approval-decisions.md):
 *
 *   create_money_action   POST /ticket into queue Money with the money custom fields and
 *                         RefersTo the customer's ticket; RT evaluates it in the same request
 *                         (verdict comment, approval, status), so it is read back at once.
 *   decide_approval       the note as a reply on the approval, then its status with If-Match
 *                         (see decide_approval below for how the client's ETag is kept).
 *   fetch_authority       the role groups of GET /user/<me>, the policy of queue Money.
 *   fetch_money_evidence  the money tickets referring to a customer ticket.
 *
 * Reading a money record: the ticket (custom fields, links, Creator, Created, Status), its
 * history and its text parts (the verdict comment, the decision records); then its newest
 * approval: the approval ticket with its history and the decider's replies when the user may
 * read it (supervisors), else the decision record RT_System wrote for it on the money ticket
 * ("Rapport decision: approved; approval 12; …", docs/decisions/0007-rt-decision-records.md).
 * Whether the decider is a supervisor is read from the members of Rapport Supervisors
 * (nested groups included).
 *
 * A money record is read whole or not at all. In a pull, one that does not read (a field
 * missing or of the wrong type, an unknown currency or kind, its approval or either history
 * unparseable) is set aside with the reason, neither its action nor its approval in the page:
 * the store keeps what it last verified, and no decision is ever taken from a record read in
 * part (docs/decisions/0011-bad-records-set-aside.md). The others are read on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-provider-private.h"
#include "rapport-rt-money-parser.h"

#include "rapport-http.h"
#include "rapport-json.h"

#include <string.h>

#define MONEY_HISTORY_FIELDS "Type,Creator,Created,Field,OldValue,NewValue,Data"
#define MONEY_PAGE_SIZE      100
#define MAX_MONEY_PAGES      20
#define MAX_NESTED_GROUPS    20

static const char text_parts_query[] =
  "[{\"field\":\"ContentType\",\"operator\":\"STARTSWITH\",\"value\":\"text/\"},"
  "{\"field\":\"Filename\",\"operator\":\"IS\",\"value\":\"NULL\"}]";

static gboolean
is_gone (GError *error)
{
  return g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND) ||
         g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
}

/* ------------------------------------------------------------------------------------ */
/* Reading money records                                                                 */

typedef enum
{
  STEP_RECORD,
  STEP_HISTORY,
  STEP_PARTS,
  STEP_APPROVAL,
  STEP_APPROVAL_HISTORY,
  STEP_APPROVAL_PARTS,
} ReadStep;

typedef struct
{
  RapportRtMoneyRecord *record;
  GPtrArray            *history;   /* (element-type RapportRtMoneyTxn) */
  GHashTable           *bodies;
  RapportMoneyAction   *action;    /* built once the record is read whole */
  RapportRtMoneyRecord *approval;  /* nullable: not visible to this user */
  char                 *approval_etag;
  GPtrArray            *approval_history;
  GHashTable           *approval_bodies;
} MoneyItem;

static void
money_item_free (MoneyItem *item)
{
  g_clear_pointer (&item->record, rapport_rt_money_record_free);
  g_clear_object (&item->action);
  g_clear_pointer (&item->history, g_ptr_array_unref);
  g_clear_pointer (&item->bodies, g_hash_table_unref);
  g_clear_pointer (&item->approval, rapport_rt_money_record_free);
  g_free (item->approval_etag);
  g_clear_pointer (&item->approval_history, g_ptr_array_unref);
  g_clear_pointer (&item->approval_bodies, g_hash_table_unref);
  g_free (item);
}

typedef struct
{
  MoneyReadMode mode;
  GPtrArray  *queue;       /* (element-type utf8) ids still to read */
  GHashTable *seen;        /* ids queued once */
  guint       index;
  ReadStep    step;
  guint       page;
  MoneyItem  *current;
  GPtrArray  *items;       /* (element-type MoneyItem) */
  GPtrArray  *set_aside;   /* (element-type RapportSetAside) */
  /* Rapport Supervisors */
  GHashTable *supervisors; /* user names */
  GPtrArray  *groups;      /* group ids to read */
  guint       group_index;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_clear_pointer (&job->queue, g_ptr_array_unref);
  g_clear_pointer (&job->seen, g_hash_table_unref);
  g_clear_pointer (&job->current, money_item_free);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_clear_pointer (&job->set_aside, g_ptr_array_unref);
  g_clear_pointer (&job->supervisors, g_hash_table_unref);
  g_clear_pointer (&job->groups, g_ptr_array_unref);
  g_free (job);
}

static void read_next (GTask *task);
static void read_step (GTask *task);
static void read_supervisors (GTask *task);

static void
read_enqueue (ReadJob    *job,
              const char *id)
{
  if (id == NULL || g_hash_table_contains (job->seen, id))
    return;
  g_hash_table_add (job->seen, g_strdup (id));
  g_ptr_array_add (job->queue, g_strdup (id));
}

/* The record asked for (job->queue[job->index]) did not read: with @unreadable, its
 * answers came with success but do not read (or name something that is no ticket), else the
 * server or the network failed. Set aside when the mode says so (the record's action and
 * approval are then left out: a decision is never taken from a record read in part), else
 * the read fails with @error (owned). */
static void
read_item_failed (GTask    *task,
                  gboolean  unreadable,
                  GError   *error)
{
  ReadJob *job = g_task_get_task_data (task);
  const char *id = job->queue->pdata[job->index];

  if (job->mode == MONEY_READ_STRICT ||
      !(unreadable || (job->mode == MONEY_READ_RETRY && _rapport_rt_server_answered (error))))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Setting RT money record %s aside: %s", id, error->message);
  g_ptr_array_add (job->set_aside, rapport_set_aside_new (RAPPORT_RECORD_MONEY, id, NULL,
                                                          error->message));
  g_error_free (error);
  g_clear_pointer (&job->current, money_item_free);
  job->index++;
  read_next (task);
}

/* The body of the newest text part of a transaction of @history matching @pred. */
static char *
newest_text (GPtrArray  *history,
             GHashTable *bodies,
             const char *type,
             const char *creator,
             gboolean  (*accept) (const char *text),
             const RapportRtMoneyTxn **txn_out)
{
  for (guint i = history->len; i > 0; i--)
    {
      const RapportRtMoneyTxn *txn = history->pdata[i - 1];
      RapportRtAttachment *part;
      g_autofree char *text = NULL;

      if (g_strcmp0 (txn->type, type) != 0 ||
          (creator != NULL && g_strcmp0 (txn->creator, creator) != 0))
        continue;
      part = g_hash_table_lookup (bodies, &txn->id);
      if (part == NULL)
        continue;
      text = rapport_rt_attachment_body_text (part);
      if (accept (text))
        {
          if (txn_out != NULL)
            *txn_out = txn;
          return g_steal_pointer (&text);
        }
    }
  return NULL;
}

static gboolean
is_verdict (const char *text)
{
  RapportVerdict verdict;
  RapportVerdictReason reason;

  return rapport_rt_money_parse_verdict (text, &verdict, &reason);
}

/* The record and its newest approval are read: its action is built (its fields may not
 * read: a missing amount, an unknown currency, a kind RT does not have). */
static void
read_item_done (GTask *task)
{
  ReadJob *job = g_task_get_task_data (task);
  MoneyItem *item = job->current;
  g_autofree char *verdict = newest_text (item->history, item->bodies, "Comment",
                                          RAPPORT_RT_SYSTEM_USER, is_verdict, NULL);
  GError *error = NULL;

  item->action = rapport_rt_money_build_action (item->record, verdict, item->approval_etag,
                                                &error);
  if (item->action == NULL)
    {
      read_item_failed (task, TRUE, error);
      return;
    }

  g_ptr_array_add (job->items, g_steal_pointer (&job->current));
  job->index++;
  read_next (task);
}

static void
on_record_cb (GTask      *task,
              RtResponse *response,
              GError     *error)
{
  g_autoptr(RtResponse) r = response;
  ReadJob *job = g_task_get_task_data (task);
  const char *id = job->queue->pdata[job->index];
  MoneyItem *item = job->current;
  RapportRtMoneyRecord *record;

  if (error != NULL)
    {
      if (job->step == STEP_APPROVAL && is_gone (error))
        {
          /* Agents may not read approvals: the decision record on the money ticket stands in. */
          g_error_free (error);
          read_item_done (task);
          return;
        }
      if (is_gone (error))
        {
          g_debug ("RT money record %s is not visible: %s", id, error->message);
          g_error_free (error);
          g_clear_pointer (&job->current, money_item_free);
          job->index++;
          read_next (task);
          return;
        }
      read_item_failed (task, _rapport_rt_answer_unreadable (r, error), error);
      return;
    }

  record = rapport_rt_money_parse_record (r->root, &error);
  if (record == NULL)
    {
      if (job->step == STEP_APPROVAL)
        g_prefix_error (&error, "Reading approval %s of RT money record %s: ",
                        rapport_rt_money_record_get_approval (item->record), id);
      else
        g_prefix_error (&error, "Reading RT money record %s: ", id);
      read_item_failed (task, TRUE, error);
      return;
    }

  if (job->step == STEP_APPROVAL)
    {
      item->approval = record;
      item->approval_etag = g_strdup (r->etag);
      job->step = STEP_APPROVAL_HISTORY;
      job->page = 1;
      read_step (task);
      return;
    }

  if (g_strcmp0 (record->type, "approval") == 0)
    {
      /* An approval names the money ticket it is for. */
      for (guint i = 0; i < record->depended_on_by->len; i++)
        read_enqueue (job, record->depended_on_by->pdata[i]);
      rapport_rt_money_record_free (record);
      g_clear_pointer (&job->current, money_item_free);
      job->index++;
      read_next (task);
      return;
    }

  if (record->queue == NULL || g_ascii_strcasecmp (record->queue, RAPPORT_RT_MONEY_QUEUE) != 0)
    {
      rapport_rt_money_record_free (record);
      g_clear_pointer (&job->current, money_item_free);
      job->index++;
      read_next (task);
      return;
    }

  item->record = record;
  job->step = STEP_HISTORY;
  job->page = 1;
  read_step (task);
}

static void
on_history_page_cb (GTask      *task,
                    RtResponse *response,
                    GError     *error)
{
  g_autoptr(RtResponse) r = response;
  ReadJob *job = g_task_get_task_data (task);
  MoneyItem *item = job->current;
  gboolean approval = job->step == STEP_APPROVAL_HISTORY;
  guint n = 0;
  /* A failure is the record's own when the answer came with success (a parse error below,
   * or a body that did not read), not when the server or the network failed. */
  gboolean unreadable = error == NULL || _rapport_rt_answer_unreadable (r, error);

  if (error == NULL)
    rapport_rt_money_parse_history (r->root, approval ? item->approval_history : item->history,
                                    &n, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, "Reading the history of RT %s %s: ",
                      approval ? "approval" : "money record",
                      approval ? item->approval->id : item->record->id);
      read_item_failed (task, unreadable, error);
      return;
    }

  if (n > 0 && ++job->page <= MAX_MONEY_PAGES)
    {
      read_step (task);
      return;
    }

  job->step = approval ? STEP_APPROVAL_PARTS : STEP_PARTS;
  job->page = 1;
  read_step (task);
}

static void
on_parts_page_cb (GTask      *task,
                  RtResponse *response,
                  GError     *error)
{
  g_autoptr(RtResponse) r = response;
  ReadJob *job = g_task_get_task_data (task);
  MoneyItem *item = job->current;
  gboolean approval = job->step == STEP_APPROVAL_PARTS;
  guint64 max_txn = 0;
  guint n = 0;
  /* A failure is the record's own when the answer came with success (a parse error below,
   * or a body that did not read), not when the server or the network failed. */
  gboolean unreadable = error == NULL || _rapport_rt_answer_unreadable (r, error);

  if (error == NULL)
    rapport_rt_collect_bodies (r->root, approval ? item->approval_bodies : item->bodies,
                               &max_txn, &n, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, "Reading the texts of RT %s %s: ",
                      approval ? "approval" : "money record",
                      approval ? item->approval->id : item->record->id);
      read_item_failed (task, unreadable, error);
      return;
    }

  if (n > 0 && ++job->page <= MAX_MONEY_PAGES)
    {
      read_step (task);
      return;
    }

  if (approval || item->record->depends_on->len == 0)
    {
      read_item_done (task);
      return;
    }

  job->step = STEP_APPROVAL;
  read_step (task);
}

static void
read_step (GTask *task)
{
  ReadJob *job = g_task_get_task_data (task);
  MoneyItem *item = job->current;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *path = NULL;
  const char *id;

  switch (job->step)
    {
    case STEP_RECORD:
    case STEP_APPROVAL:
      id = job->step == STEP_RECORD ? job->queue->pdata[job->index] :
           rapport_rt_money_record_get_approval (item->record);
      if (!_rapport_rt_is_numeric_id (id))
        {
          g_autofree char *quoted_id = rapport_http_quote (id, 40);

          read_item_failed (task, TRUE,
                            g_error_new (RAPPORT_PROVIDER_ERROR,
                                         RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                                         "“%s” is not an RT ticket id", quoted_id));
          return;
        }
      _rapport_rt_query_add (query, "fields[Queue]", QUEUE_FIELDS);
      _rapport_rt_query_add (query, "fields[Creator]", "Name,RealName");
      path = g_strdup_printf ("ticket/%s", id);
      _rapport_rt_get (task, path, query, NULL, on_record_cb);
      break;

    case STEP_HISTORY:
    case STEP_APPROVAL_HISTORY:
      id = job->step == STEP_HISTORY ? item->record->id : item->approval->id;
      path = g_strdup_printf ("ticket/%s/history", id);
      _rapport_rt_query_add (query, "fields", MONEY_HISTORY_FIELDS);
      _rapport_rt_query_add (query, "fields[Creator]", "Name,RealName");
      _rapport_rt_query_add_paging (query, "ASC", MONEY_PAGE_SIZE, job->page);
      _rapport_rt_get (task, path, query, NULL, on_history_page_cb);
      break;

    case STEP_PARTS:
    case STEP_APPROVAL_PARTS:
      id = job->step == STEP_PARTS ? item->record->id : item->approval->id;
      path = g_strdup_printf ("ticket/%s/attachments", id);
      _rapport_rt_query_add (query, "query", text_parts_query);
      _rapport_rt_query_add (query, "fields", "TransactionId,ContentType,Filename,Content");
      _rapport_rt_query_add_paging (query, "ASC", MONEY_PAGE_SIZE, job->page);
      _rapport_rt_get (task, path, query, NULL, on_parts_page_cb);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
needs_supervisors (ReadJob *job)
{
  for (guint i = 0; i < job->items->len; i++)
    {
      MoneyItem *item = job->items->pdata[i];

      if (item->record->depends_on->len > 0)
        return TRUE;
    }
  return FALSE;
}

static void
read_next (GTask *task)
{
  ReadJob *job = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (job->index >= job->queue->len)
    {
      if (needs_supervisors (job))
        read_supervisors (task);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  job->current = g_new0 (MoneyItem, 1);
  job->current->history = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rt_money_txn_free);
  job->current->bodies = rapport_rt_bodies_new ();
  job->current->approval_history =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rt_money_txn_free);
  job->current->approval_bodies = rapport_rt_bodies_new ();
  job->step = STEP_RECORD;
  read_step (task);
}

/* Rapport Supervisors: its id by name, then its members, nested groups included. */
static void read_next_group (GTask *task);

static void
on_group_members_cb (GTask      *task,
                     RtResponse *response,
                     GError     *error)
{
  g_autoptr(RtResponse) r = response;
  ReadJob *job = g_task_get_task_data (task);
  JsonObject *object;
  JsonArray *members = NULL;

  if (error != NULL)
    {
      if (!is_gone (error))
        {
          g_task_return_error (task, error);
          return;
        }
      g_message ("RT group %s cannot be read: its members do not count as supervisors: %s",
                 (const char *) job->groups->pdata[job->group_index], error->message);
      g_error_free (error);
      job->group_index++;
      read_next_group (task);
      return;
    }

  object = rapport_json_node_get_object (r->root, "RT group", &error);
  if (object == NULL ||
      (rapport_json_get_member (object, "Members") != NULL &&
       !rapport_json_get_array (object, "RT group", "Members", &members, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonNode *node = json_array_get_element (members, i);
      JsonObject *member = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *type = member != NULL && rapport_json_holds_string (json_object_get_member (member, "type")) ?
                         json_object_get_string_member (member, "type") : NULL;
      g_autofree char *id = member != NULL ?
                            rapport_json_node_to_id (json_object_get_member (member, "id")) : NULL;

      if (id == NULL)
        continue;
      if (g_strcmp0 (type, "user") == 0)
        g_hash_table_add (job->supervisors, g_steal_pointer (&id));
      else if (g_strcmp0 (type, "group") == 0 && job->groups->len < MAX_NESTED_GROUPS &&
               !g_ptr_array_find_with_equal_func (job->groups, id, g_str_equal, NULL))
        g_ptr_array_add (job->groups, g_steal_pointer (&id));
    }

  job->group_index++;
  read_next_group (task);
}

static void
read_next_group (GTask *task)
{
  ReadJob *job = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (job->group_index >= job->groups->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  path = g_strdup_printf ("group/%s", (const char *) job->groups->pdata[job->group_index]);
  _rapport_rt_get (task, path, NULL, NULL, on_group_members_cb);
}

static void
on_group_search_cb (GTask       *task,
                    SoupMessage *msg,
                    JsonNode    *root,
                    GError      *error)
{
  g_autoptr(JsonNode) owned = root;
  ReadJob *job = g_task_get_task_data (task);
  JsonArray *items;

  if (error != NULL)
    {
      if (!is_gone (error))
        {
          g_task_return_error (task, error);
          return;
        }
      g_message ("RT group “%s” cannot be found: no decision counts as a supervisor's: %s",
                 RAPPORT_RT_GROUP_SUPERVISORS, error->message);
      g_error_free (error);
      g_task_return_boolean (task, TRUE);
      return;
    }

  items = rapport_rt_page_get_items (root, &error);
  if (items == NULL)
    {
      g_prefix_error (&error, "Looking for RT group “%s”: ", RAPPORT_RT_GROUP_SUPERVISORS);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      char *id = rapport_rt_parse_ref (json_array_get_element (items, i), NULL, NULL);

      if (id != NULL)
        g_ptr_array_add (job->groups, id);
    }

  job->group_index = 0;
  read_next_group (task);
}

static void
read_supervisors (GTask *task)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  /* A search (POST /groups) reads; SeeGroup on the three groups is granted to their
   * members by the data file. */
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, "Name");
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, RAPPORT_RT_GROUP_SUPERVISORS);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  body = json_builder_get_root (builder);

  _rapport_rt_write (task, SOUP_METHOD_POST, "groups", body, NULL, on_group_search_cb);
}

void
_rapport_rt_money_read_async (RapportRtProvider   *self,
                              GPtrArray           *ids,
                              MoneyReadMode        mode,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReadJob *job = g_new0 (ReadJob, 1);

  g_task_set_source_tag (task, _rapport_rt_money_read_async);
  job->queue = g_ptr_array_new_with_free_func (g_free);
  job->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->mode = mode;
  job->items = g_ptr_array_new_with_free_func ((GDestroyNotify) money_item_free);
  job->set_aside = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
  job->supervisors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->groups = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);

  for (guint i = 0; i < ids->len; i++)
    read_enqueue (job, ids->pdata[i]);

  read_next (task);
}

/* The approval as the money ticket shows it to someone who may not read the approval (an
 * agent): the newest decision record RT_System wrote on the money ticket for this approval
 * (data/rt/rapport-authority.pl, docs/decisions/0007-rt-decision-records.md). Only the
 * newest approval counts (a raised amount asks again); until its record is there, it is
 * undecided. */
static RapportApproval *
approval_from_money_ticket (MoneyItem          *item,
                            GHashTable         *supervisors,
                            RapportMoneyAction *action)
{
  const char *approval_id = rapport_rt_money_record_get_approval (item->record);
  RapportApproval *approval = rapport_approval_new (approval_id, item->record->id);
  g_autoptr(RapportRtDecisionRecord) said = NULL;

  rapport_approval_set_request (approval, rapport_money_action_get_amount (action),
                                rapport_money_action_get_customer_key (action));
  said = rapport_rt_money_find_decision_record (item->history, item->bodies, approval_id);
  if (said != NULL)
    rapport_approval_set_decision (approval, said->decision, said->decider, said->decider_name,
                                   rapport_rt_money_decider_counts (supervisors, said->decider,
                                                                    said->voided, action),
                                   said->decided_at * G_USEC_PER_SEC, said->note);
  return approval;
}

gboolean
_rapport_rt_money_read_finish (RapportRtProvider  *self,
                               GAsyncResult       *result,
                               GPtrArray         **actions,
                               GPtrArray         **approvals,
                               GPtrArray         **set_aside,
                               GError            **error)
{
  ReadJob *job;
  g_autoptr(GPtrArray) out_actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) out_approvals = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  g_return_val_if_fail (set_aside != NULL || job->mode == MONEY_READ_STRICT, FALSE);

  for (guint i = 0; i < job->items->len; i++)
    {
      MoneyItem *item = job->items->pdata[i];
      g_autoptr(RapportMoneyAction) action = g_steal_pointer (&item->action);

      if (item->approval != NULL)
        g_ptr_array_add (out_approvals,
                         rapport_rt_money_build_approval (item->approval, item->record->id,
                                                          item->approval_etag,
                                                          item->approval_history,
                                                          item->approval_bodies,
                                                          job->supervisors, action));
      else if (item->record->depends_on->len > 0)
        g_ptr_array_add (out_approvals, approval_from_money_ticket (item, job->supervisors,
                                                                    action));
      g_ptr_array_add (out_actions, g_steal_pointer (&action));
    }

  *actions = g_steal_pointer (&out_actions);
  *approvals = g_steal_pointer (&out_approvals);
  if (set_aside != NULL)
    *set_aside = g_steal_pointer (&job->set_aside);
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* create_money_action                                                                   */

typedef struct
{
  char *ticket_id;
  char *money_id;
} CreateJob;

static void
create_job_free (CreateJob *job)
{
  g_free (job->ticket_id);
  g_free (job->money_id);
  g_free (job);
}

static void
on_create_read_back_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) approvals = NULL;
  GError *error = NULL;

  if (!_rapport_rt_money_read_finish (RAPPORT_RT_PROVIDER (source), result, &actions, &approvals,
                                      NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                               "RT recorded money ticket %s, but reading it back failed: %s",
                               job->money_id, error->message);
      g_error_free (error);
      return;
    }

  for (guint i = 0; i < actions->len; i++)
    if (g_strcmp0 (rapport_money_action_get_remote_id (actions->pdata[i]), job->money_id) == 0)
      {
        g_task_return_pointer (task, g_object_ref (actions->pdata[i]), g_object_unref);
        return;
      }

  g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                           "RT answered that it created money ticket %s, but it cannot be read "
                           "as a money record", job->money_id);
}

static void
on_create_cb (GTask       *task,
              SoupMessage *msg,
              JsonNode    *root,
              GError      *error)
{
  g_autoptr(JsonNode) owned = root;
  RapportRtProvider *self = g_task_get_source_object (task);
  CreateJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) ids = NULL;
  JsonObject *object;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  job->money_id = object != NULL ? rapport_json_node_to_id (json_object_get_member (object, "id")) :
                                   NULL;
  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED ||
      !_rapport_rt_is_numeric_id (job->money_id))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                               "RT answered a money record for ticket %s with HTTP %u instead of "
                               "201 and a ticket id", job->ticket_id,
                               soup_message_get_status (msg));
      return;
    }

  ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ids, g_strdup (job->money_id));
  _rapport_rt_money_read_async (self, ids, MONEY_READ_STRICT, g_task_get_cancellable (task),
                                on_create_read_back_cb, g_object_ref (task));
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

void
_rapport_rt_provider_create_money_action_async (RapportProvider     *provider,
                                                const char          *ticket_remote_id,
                                                RapportMoneyKind     kind,
                                                const RapportMoney  *amount,
                                                const char          *reason,
                                                const char          *order_reference,
                                                const char          *customer_key,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *wire = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *trimmed = NULL;
  CreateJob *job;

  g_task_set_source_tag (task, _rapport_rt_provider_create_money_action_async);

  if (reason != NULL)
    trimmed = g_strstrip (g_strdup (reason));
  if (!_rapport_rt_is_numeric_id (ticket_remote_id) || amount == NULL || amount->minor <= 0 ||
      (kind != RAPPORT_MONEY_KIND_REFUND && kind != RAPPORT_MONEY_KIND_CREDIT) ||
      trimmed == NULL || trimmed[0] == '\0' || !g_utf8_validate (reason, -1, NULL) ||
      customer_key == NULL || customer_key[0] == '\0' ||
      (order_reference != NULL && !g_utf8_validate (order_reference, -1, NULL)))
    {
      g_autofree char *quoted_id = rapport_http_quote (ticket_remote_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "A money record for RT ticket “%s” lacks a ticket, a positive "
                               "amount, a reason or a customer", quoted_id);
      return;
    }

  job = g_new0 (CreateJob, 1);
  job->ticket_id = g_strdup (ticket_remote_id);
  g_task_set_task_data (task, job, (GDestroyNotify) create_job_free);

  wire = rapport_money_to_wire (amount);
  subject = g_strdup_printf ("%s %s %s for ticket #%s",
                             kind == RAPPORT_MONEY_KIND_REFUND ? "Refund" : "Credit",
                             wire, amount->currency, ticket_remote_id);

  /* No Requestor: RT would mail the customer. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "Queue", RAPPORT_RT_MONEY_QUEUE);
  add_string (builder, "Subject", subject);
  add_string (builder, "Content", reason);
  add_string (builder, "ContentType", "text/plain");
  json_builder_set_member_name (builder, "RefersTo");
  json_builder_add_int_value (builder, (gint64) _rapport_rt_parse_uint64 (ticket_remote_id));
  json_builder_set_member_name (builder, "CustomFields");
  json_builder_begin_object (builder);
  add_string (builder, "Money kind", rapport_money_kind_to_string (kind));
  add_string (builder, "Money amount", wire);
  add_string (builder, "Money currency", amount->currency);
  add_string (builder, "Money reason", trimmed);
  if (order_reference != NULL && order_reference[0] != '\0')
    add_string (builder, "Money order reference", order_reference);
  add_string (builder, "Money customer", customer_key);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  _rapport_rt_write (task, SOUP_METHOD_POST, "ticket", body, NULL, on_create_cb);
}

RapportMoneyAction *
_rapport_rt_provider_create_money_action_finish (RapportProvider  *provider,
                                                 GAsyncResult     *result,
                                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* decide_approval                                                                       */

/* The decision must go with the approval's ETag as the client saw it, so that a request that
 * changed meanwhile fails (412 → CONFLICT). RT builds the "approver's notes" from the replies
 * on the approval when it is decided, so the note goes first, and the reply itself moves the
 * ETag. Hence: without a note, PUT the status with If-Match: <the client's ETag>. With a note:
 *   1. GET the approval with If-None-Match: <the client's ETag>: anything but 304 means it
 *      changed since the client saw it → CONFLICT, nothing written;
 *   2. reply with the note: its transaction id T (201 Location) is the approval's ETag now;
 *   3. PUT the status with If-Match: T: a change by anyone after the note → 412 → CONFLICT.
 * What is not covered is a change between 1 and 2 (one round trip). Deciding first and
 * replying after is not an option: RT's reply would miss the notes, and a reply on a resolved
 * ticket reopens it (RT's "On Correspond Open Inactive Tickets"). See
 * docs/decisions/0006-rt-approval-decisions.md. */

typedef struct
{
  char            *approval_id;
  RapportDecision  decision;
  char            *note;
  char            *etag;
} DecideJob;

static void
decide_job_free (DecideJob *job)
{
  g_free (job->approval_id);
  g_free (job->note);
  g_free (job->etag);
  g_free (job);
}

static void
on_decide_read_back_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DecideJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) approvals = NULL;
  GError *error = NULL;

  if (!_rapport_rt_money_read_finish (RAPPORT_RT_PROVIDER (source), result, &actions, &approvals,
                                      NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "RT took the decision on approval %s, but reading it back "
                        "failed: ", job->approval_id);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < approvals->len; i++)
    if (g_strcmp0 (rapport_approval_get_remote_id (approvals->pdata[i]), job->approval_id) == 0)
      {
        g_task_return_pointer (task, g_object_ref (approvals->pdata[i]), g_object_unref);
        return;
      }

  g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
                           "RT approval %s is not the approval of a money record this user can "
                           "read", job->approval_id);
}

static void
on_decide_status_cb (GTask       *task,
                     SoupMessage *msg,
                     JsonNode    *root,
                     GError      *error)
{
  g_autoptr(JsonNode) owned = root;
  RapportRtProvider *self = g_task_get_source_object (task);
  DecideJob *job = g_task_get_task_data (task);
  g_autofree char *said = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  if (error != NULL)
    {
      if (g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT))
        g_prefix_error (&error, "RT approval %s changed since it was read: ", job->approval_id);
      g_task_return_error (task, error);
      return;
    }

  /* Without ModifyTicket RT answers 200 with "Permission Denied". */
  said = _rapport_rt_join_messages (root);
  if (strstr (said, "Permission Denied") != NULL || strstr (said, "No permission") != NULL)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN,
                               "RT does not let this user decide approval %s: %s",
                               job->approval_id, said);
      return;
    }

  ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ids, g_strdup (job->approval_id));
  _rapport_rt_money_read_async (self, ids, MONEY_READ_STRICT, g_task_get_cancellable (task),
                                on_decide_read_back_cb, g_object_ref (task));
}

static void
decide_put_status (GTask      *task,
                   const char *if_match)
{
  DecideJob *job = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = g_strdup_printf ("ticket/%s", job->approval_id);

  json_builder_begin_object (builder);
  add_string (builder, "Status",
              job->decision == RAPPORT_DECISION_APPROVE ? "resolved" : "rejected");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  _rapport_rt_write (task, SOUP_METHOD_PUT, path, body, if_match, on_decide_status_cb);
}

static void
on_decide_note_cb (GTask       *task,
                   SoupMessage *msg,
                   JsonNode    *root,
                   GError      *error)
{
  g_autoptr(JsonNode) owned = root;
  DecideJob *job = g_task_get_task_data (task);
  g_autofree char *txn = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  txn = _rapport_rt_transaction_id_from_location (
          soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));
  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED || txn == NULL)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                               "RT answered the note on approval %s with HTTP %u instead of 201 "
                               "and a transaction; nothing was decided", job->approval_id,
                               soup_message_get_status (msg));
      return;
    }

  decide_put_status (task, txn);
}

static void
on_decide_check_cb (GTask      *task,
                    RtResponse *response,
                    GError     *error)
{
  g_autoptr(RtResponse) r = response;
  DecideJob *job = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (r->status != SOUP_STATUS_NOT_MODIFIED)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT,
                               "RT approval %s changed since it was read (ETag %s, now %s)",
                               job->approval_id, job->etag, r->etag != NULL ? r->etag : "none");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "Content", job->note);
  add_string (builder, "ContentType", "text/plain");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = g_strdup_printf ("ticket/%s/correspond", job->approval_id);
  _rapport_rt_write (task, SOUP_METHOD_POST, path, body, NULL, on_decide_note_cb);
}

void
_rapport_rt_provider_decide_approval_async (RapportProvider     *provider,
                                            const char          *approval_remote_id,
                                            RapportDecision      decision,
                                            const char          *note,
                                            const char          *etag,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *trimmed = note != NULL ? g_strstrip (g_strdup (note)) : NULL;
  DecideJob *job;

  g_task_set_source_tag (task, _rapport_rt_provider_decide_approval_async);

  if (!_rapport_rt_is_numeric_id (approval_remote_id) ||
      (decision != RAPPORT_DECISION_APPROVE && decision != RAPPORT_DECISION_REJECT) ||
      !_rapport_rt_is_numeric_id (etag) ||
      (note != NULL && !g_utf8_validate (note, -1, NULL)))
    {
      g_autofree char *quoted_id = rapport_http_quote (approval_remote_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "A decision on RT approval “%s” needs an approval id, approve "
                               "or reject, and the ETag it was read with", quoted_id);
      return;
    }

  job = g_new0 (DecideJob, 1);
  job->approval_id = g_strdup (approval_remote_id);
  job->decision = decision;
  job->note = trimmed != NULL && trimmed[0] != '\0' ? g_steal_pointer (&trimmed) : NULL;
  job->etag = g_strdup (etag);
  g_task_set_task_data (task, job, (GDestroyNotify) decide_job_free);

  if (job->note == NULL)
    {
      decide_put_status (task, job->etag);
    }
  else
    {
      g_autofree char *path = g_strdup_printf ("ticket/%s", job->approval_id);

      _rapport_rt_get (task, path, NULL, job->etag, on_decide_check_cb);
    }
}

RapportApproval *
_rapport_rt_provider_decide_approval_finish (RapportProvider  *provider,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* fetch_authority                                                                       */

typedef struct
{
  GStrv             memberships;
  guint             index;
  RapportAuthority *authority;
} AuthorityJob;

static void
authority_job_free (AuthorityJob *job)
{
  g_strfreev (job->memberships);
  g_clear_pointer (&job->authority, rapport_authority_free);
  g_free (job);
}

/* The policy the custom field holds: JSON inside the server's JSON, so it goes through the
 * same gate as an answer. */
static RapportPolicy *
policy_from_field (const char  *text,
                   GError     **error)
{
  g_autoptr(JsonNode) root = rapport_http_parse_json (text, strlen (text), "The policy", error);

  if (root == NULL)
    return NULL;

  return rapport_policy_new_from_json_node (root, error);
}

static void
on_money_queue_cb (GTask      *task,
                   RtResponse *response,
                   GError     *error)
{
  g_autoptr(RtResponse) r = response;
  AuthorityJob *job = g_task_get_task_data (task);
  RapportAuthority *authority = job->authority;
  g_autoptr(RapportRtMoneyRecord) fields = NULL;
  g_autoptr(GError) policy_error = NULL;
  const char *text;

  if (error != NULL)
    {
      if (!is_gone (error))
        {
          g_task_return_error (task, error);
          return;
        }
      /* No money queue: the data file is not installed (or not visible to this user). */
      authority->enforced = FALSE;
      authority->has_role = FALSE;
      authority->may_decide = FALSE;
      g_free (authority->source_detail);
      authority->source_detail = g_strdup_printf ("RT has no queue %s readable by this user: "
                                                  "rapport-authority.pl is not installed (%s)",
                                                  RAPPORT_RT_MONEY_QUEUE, error->message);
      g_error_free (error);
      g_task_return_pointer (task, g_steal_pointer (&job->authority),
                             (GDestroyNotify) rapport_authority_free);
      return;
    }

  /* The queue record carries its custom fields like a ticket does. */
  {
    JsonObject *object = rapport_json_node_get_object (r->root, "RT queue", &error);
    JsonArray *cfs = NULL;

    if (object == NULL ||
        (rapport_json_get_member (object, "CustomFields") != NULL &&
         !rapport_json_get_array (object, "RT queue", "CustomFields", &cfs, &error)))
      {
        g_prefix_error (&error, "Reading RT queue %s: ", RAPPORT_RT_MONEY_QUEUE);
        g_task_return_error (task, error);
        return;
      }

    text = NULL;
    for (guint i = 0; cfs != NULL && i < json_array_get_length (cfs); i++)
      {
        JsonNode *node = json_array_get_element (cfs, i);
        JsonObject *cf = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        JsonNode *values;

        if (cf == NULL || !rapport_json_holds_string (json_object_get_member (cf, "name")) ||
            strcmp (json_object_get_string_member (cf, "name"), RAPPORT_RT_POLICY_FIELD) != 0)
          continue;
        values = json_object_get_member (cf, "values");
        if (values != NULL && JSON_NODE_HOLDS_ARRAY (values) &&
            json_array_get_length (json_node_get_array (values)) > 0 &&
            rapport_json_holds_string (json_array_get_element (json_node_get_array (values), 0)))
          text = json_array_get_string_element (json_node_get_array (values), 0);
      }
  }

  authority->enforced = TRUE;
  authority->source = RAPPORT_POLICY_SOURCE_SERVER;
  g_free (authority->source_detail);
  if (text == NULL)
    {
      authority->source_detail = g_strdup_printf ("queue %s has no custom field “%s”: RT asks "
                                                  "for an approval of every money action",
                                                  RAPPORT_RT_MONEY_QUEUE,
                                                  RAPPORT_RT_POLICY_FIELD);
    }
  else if ((authority->policy = policy_from_field (text, &policy_error)) == NULL)
    {
      authority->source_detail = g_strdup_printf ("queue %s, custom field “%s” is invalid (%s): "
                                                  "RT asks for an approval of every money "
                                                  "action", RAPPORT_RT_MONEY_QUEUE,
                                                  RAPPORT_RT_POLICY_FIELD, policy_error->message);
    }
  else
    {
      authority->source_detail = g_strdup_printf ("queue %s, custom field %s",
                                                  RAPPORT_RT_MONEY_QUEUE,
                                                  RAPPORT_RT_POLICY_FIELD);
    }

  g_task_return_pointer (task, g_steal_pointer (&job->authority),
                         (GDestroyNotify) rapport_authority_free);
}

static void authority_next_group (GTask *task);

static void
on_role_group_cb (GTask      *task,
                  RtResponse *response,
                  GError     *error)
{
  g_autoptr(RtResponse) r = response;
  AuthorityJob *job = g_task_get_task_data (task);
  g_autofree char *name = NULL;
  static const struct { const char *group; RapportRole role; } roles[] = {
    { RAPPORT_RT_GROUP_AGENTS, RAPPORT_ROLE_AGENT },
    { RAPPORT_RT_GROUP_SENIORS, RAPPORT_ROLE_SENIOR },
    { RAPPORT_RT_GROUP_SUPERVISORS, RAPPORT_ROLE_SUPERVISOR },
  };

  if (error != NULL)
    {
      if (!is_gone (error))
        {
          g_task_return_error (task, error);
          return;
        }
      g_error_free (error);
    }
  else if ((name = rapport_rt_parse_name (r->root, "group", &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (roles); i++)
    if (strcmp (name, roles[i].group) == 0 &&
        (!job->authority->has_role || roles[i].role > job->authority->role))
      {
        job->authority->has_role = TRUE;
        job->authority->role = roles[i].role;
        job->authority->may_decide = roles[i].role == RAPPORT_ROLE_SUPERVISOR;
      }

  job->index++;
  authority_next_group (task);
}

static void
authority_next_group (GTask *task)
{
  AuthorityJob *job = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (job->memberships == NULL || job->memberships[job->index] == NULL)
    {
      g_autofree char *queue = g_strdup_printf ("queue/%s", RAPPORT_RT_MONEY_QUEUE);

      _rapport_rt_get (task, queue, NULL, NULL, on_money_queue_cb);
      return;
    }

  if (!_rapport_rt_is_numeric_id (job->memberships[job->index]))
    {
      job->index++;
      authority_next_group (task);
      return;
    }

  path = g_strdup_printf ("group/%s", job->memberships[job->index]);
  _rapport_rt_get (task, path, NULL, NULL, on_role_group_cb);
}

static void
on_authority_user_cb (GTask      *task,
                      RtResponse *response,
                      GError     *error)
{
  g_autoptr(RtResponse) r = response;
  AuthorityJob *job = g_task_get_task_data (task);
  RapportRtUser *user;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  user = rapport_rt_parse_user (r->root, &error);
  if (user == NULL)
    {
      g_prefix_error (&error, "Reading the RT user of this token: ");
      g_task_return_error (task, error);
      return;
    }

  job->memberships = g_steal_pointer (&user->memberships);
  rapport_rt_user_free (user);
  authority_next_group (task);
}

void
_rapport_rt_provider_fetch_authority_async (RapportProvider     *provider,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *user_id = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  AuthorityJob *job;

  g_task_set_source_tag (task, _rapport_rt_provider_fetch_authority_async);

  user_id = rapport_rt_token_get_user_id (self->token, &error);
  if (user_id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (AuthorityJob, 1);
  job->authority = rapport_authority_new ();
  job->authority->source = RAPPORT_POLICY_SOURCE_SERVER;
  g_task_set_task_data (task, job, (GDestroyNotify) authority_job_free);

  path = g_strdup_printf ("user/%s", user_id);
  _rapport_rt_get (task, path, NULL, NULL, on_authority_user_cb);
}

RapportAuthority *
_rapport_rt_provider_fetch_authority_finish (RapportProvider  *provider,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* fetch_money_evidence                                                                  */

static void
on_evidence_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *ticket_id = g_task_get_task_data (task);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) approvals = NULL;
  RapportMoneyEvidence *evidence;
  GError *error = NULL;

  if (!_rapport_rt_money_read_finish (RAPPORT_RT_PROVIDER (source), result, &actions, &approvals,
                                      NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  evidence = rapport_money_evidence_new ();
  for (guint i = 0; i < actions->len; i++)
    {
      RapportMoneyAction *action = actions->pdata[i];

      if (g_strcmp0 (rapport_money_action_get_ticket_remote_id (action), ticket_id) != 0)
        continue;
      g_ptr_array_add (evidence->actions, g_object_ref (action));
      for (guint j = 0; j < approvals->len; j++)
        if (g_strcmp0 (rapport_approval_get_action_remote_id (approvals->pdata[j]),
                       rapport_money_action_get_remote_id (action)) == 0)
          g_ptr_array_add (evidence->approvals, g_object_ref (approvals->pdata[j]));
    }

  g_task_return_pointer (task, evidence, (GDestroyNotify) rapport_money_evidence_free);
}

static void
on_evidence_search_cb (GTask      *task,
                       RtResponse *response,
                       GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *items;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  items = rapport_rt_page_get_items (r->root, &error);
  if (items == NULL)
    {
      g_prefix_error (&error, "Searching RT money records: ");
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      char *id = rapport_rt_parse_ref (json_array_get_element (items, i), NULL, &error);

      if (id == NULL)
        {
          g_prefix_error (&error, "Searching RT money records: ");
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (ids, id);
    }

  _rapport_rt_money_read_async (self, ids, MONEY_READ_STRICT, g_task_get_cancellable (task),
                                on_evidence_read_cb, g_object_ref (task));
}

void
_rapport_rt_provider_fetch_money_evidence_async (RapportProvider     *provider,
                                                 const char          *ticket_remote_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *sql = NULL;

  g_task_set_source_tag (task, _rapport_rt_provider_fetch_money_evidence_async);

  if (!_rapport_rt_is_numeric_id (ticket_remote_id))
    {
      g_autofree char *quoted_id = rapport_http_quote (ticket_remote_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "“%s” is not an RT ticket id", quoted_id);
      return;
    }
  g_task_set_task_data (task, g_strdup (ticket_remote_id), g_free);

  sql = g_strdup_printf ("Queue = '%s' AND RefersTo = %s", RAPPORT_RT_MONEY_QUEUE,
                         ticket_remote_id);
  _rapport_rt_query_add (query, "query", sql);
  _rapport_rt_query_add_paging (query, "ASC", MONEY_PAGE_SIZE, 1);
  _rapport_rt_get (task, "tickets", query, NULL, on_evidence_search_cb);
}

RapportMoneyEvidence *
_rapport_rt_provider_fetch_money_evidence_finish (RapportProvider  *provider,
                                                  GAsyncResult     *result,
                                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* rapport-rt-money-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-money-parser.h"

#include "rapport-json.h"
#include "rapport-provider.h"
#include "rapport-rt-parser.h"
#include "rapport-text.h"

#include <string.h>

#define VERDICT_PREFIX  "Rapport policy verdict: "
#define DECISION_PREFIX "Rapport decision: "

void
rapport_rt_money_record_free (RapportRtMoneyRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->id);
  g_free (record->type);
  g_free (record->queue);
  g_free (record->status);
  g_free (record->creator);
  g_free (record->creator_name);
  g_free (record->subject);
  g_clear_pointer (&record->fields, g_hash_table_unref);
  g_clear_pointer (&record->refers_to, g_ptr_array_unref);
  g_clear_pointer (&record->depends_on, g_ptr_array_unref);
  g_clear_pointer (&record->depended_on_by, g_ptr_array_unref);
  g_free (record);
}

/* A reference's id ({"type":…,"id":…}) or a plain string. */
static char *
ref_id (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return rapport_json_node_to_id (json_object_get_member (json_node_get_object (node), "id"));
  return rapport_json_node_to_id (node);
}

static gboolean
parse_fields (JsonObject            *object,
              RapportRtMoneyRecord  *record,
              GError               **error)
{
  JsonArray *fields = NULL;
  JsonNode *node = rapport_json_get_member (object, "CustomFields");

  if (node == NULL || (rapport_json_holds_string (node) && json_node_get_string (node)[0] == '\0'))
    return TRUE;
  if (!rapport_json_get_array (object, "RT money ticket", "CustomFields", &fields, error))
    return FALSE;

  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *field = rapport_json_node_get_object (json_array_get_element (fields, i),
                                                        "RT custom field", error);
      JsonArray *values = NULL;
      const char *name = NULL;
      JsonNode *first;

      if (field == NULL ||
          !rapport_json_get_string (field, "RT custom field", "name", &name, error))
        return FALSE;
      if (name == NULL)
        continue;
      if (rapport_json_get_member (field, "values") != NULL &&
          !rapport_json_get_array (field, "RT custom field", "values", &values, error))
        return FALSE;
      if (values == NULL || json_array_get_length (values) == 0)
        continue;

      first = json_array_get_element (values, 0);
      if (!rapport_json_holds_string (first))
        {
          rapport_json_set_invalid (error, "RT custom field “%s”: a value is %s, expected a "
                                    "string", name, rapport_json_describe (first));
          return FALSE;
        }
      g_hash_table_replace (record->fields, g_strdup (name),
                            g_strdup (json_node_get_string (first)));
    }

  return TRUE;
}

static gboolean
parse_links (JsonObject            *object,
             RapportRtMoneyRecord  *record,
             GError               **error)
{
  JsonArray *links = NULL;

  if (rapport_json_get_member (object, "_hyperlinks") == NULL)
    return TRUE;
  if (!rapport_json_get_array (object, "RT ticket", "_hyperlinks", &links, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonNode *node = json_array_get_element (links, i);
      JsonObject *link;
      const char *ref = NULL;
      const char *type = NULL;
      g_autofree char *id = NULL;
      GPtrArray *into;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      link = json_node_get_object (node);
      if (!rapport_json_get_string (link, "RT ticket link", "ref", &ref, error) ||
          !rapport_json_get_string (link, "RT ticket link", "type", &type, error))
        return FALSE;
      if (ref == NULL || g_strcmp0 (type, "ticket") != 0)
        continue;

      if (strcmp (ref, "refers-to") == 0)
        into = record->refers_to;
      else if (strcmp (ref, "depends-on") == 0)
        into = record->depends_on;
      else if (strcmp (ref, "depended-on-by") == 0)
        into = record->depended_on_by;
      else
        continue;

      id = rapport_json_node_to_id (json_object_get_member (link, "id"));
      if (id == NULL || !g_ascii_isdigit (id[0]))
        {
          rapport_json_set_invalid (error, "RT ticket link “%s” has no ticket id", ref);
          return FALSE;
        }
      g_ptr_array_add (into, g_steal_pointer (&id));
    }

  return TRUE;
}

RapportRtMoneyRecord *
rapport_rt_money_parse_record (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(RapportRtMoneyRecord) record = g_new0 (RapportRtMoneyRecord, 1);
  JsonObject *object = rapport_json_node_get_object (node, "RT ticket", error);
  const char *type = NULL, *status = NULL, *subject = NULL;
  JsonNode *queue, *creator;

  if (object == NULL)
    return NULL;

  record->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  record->refers_to = g_ptr_array_new_with_free_func (g_free);
  record->depends_on = g_ptr_array_new_with_free_func (g_free);
  record->depended_on_by = g_ptr_array_new_with_free_func (g_free);

  record->id = rapport_json_require_id (object, "RT ticket", "id", error);
  if (record->id == NULL ||
      !rapport_json_get_string (object, "RT ticket", "Type", &type, error) ||
      !rapport_json_require_string (object, "RT ticket", "Status", &status, error) ||
      !rapport_json_get_string (object, "RT ticket", "Subject", &subject, error) ||
      !rapport_json_require_timestamp (object, "RT ticket", "Created", &record->created, error) ||
      !parse_fields (object, record, error) || !parse_links (object, record, error))
    return NULL;

  record->type = g_strdup (type);
  record->status = g_strdup (status);
  record->subject = rapport_text_clean_label (subject);

  queue = rapport_json_get_member (object, "Queue");
  if (queue != NULL && JSON_NODE_HOLDS_OBJECT (queue) &&
      rapport_json_holds_string (json_object_get_member (json_node_get_object (queue), "Name")))
    record->queue = g_strdup (json_object_get_string_member (json_node_get_object (queue), "Name"));
  else if (queue != NULL)
    record->queue = ref_id (queue);

  creator = rapport_json_get_member (object, "Creator");
  if (creator != NULL)
    record->creator = ref_id (creator);
  if (record->creator == NULL)
    {
      rapport_json_set_invalid (error, "RT ticket %s has no Creator", record->id);
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (creator))
    {
      const char *real_name = NULL;

      if (!rapport_json_get_nonempty_string (json_node_get_object (creator), "RT ticket creator",
                                             "RealName", &real_name, error))
        return NULL;
      record->creator_name = rapport_text_clean_label (real_name);
    }

  return g_steal_pointer (&record);
}

const char *
rapport_rt_money_record_get_approval (const RapportRtMoneyRecord *record)
{
  const char *newest = NULL;

  for (guint i = 0; i < record->depends_on->len; i++)
    {
      const char *id = record->depends_on->pdata[i];

      if (newest == NULL ||
          g_ascii_strtoull (id, NULL, 10) > g_ascii_strtoull (newest, NULL, 10))
        newest = id;
    }
  return newest;
}

gboolean
rapport_rt_money_is_money_queue (const char *queue)
{
  return queue != NULL && (g_ascii_strcasecmp (queue, RAPPORT_RT_MONEY_QUEUE) == 0 ||
                           g_ascii_strcasecmp (queue, RAPPORT_RT_APPROVALS_QUEUE) == 0);
}

void
rapport_rt_money_txn_free (RapportRtMoneyTxn *txn)
{
  if (txn == NULL)
    return;

  g_free (txn->type);
  g_free (txn->creator);
  g_free (txn->creator_name);
  g_free (txn->field);
  g_free (txn->old_value);
  g_free (txn->new_value);
  g_free (txn->data);
  g_free (txn);
}

static char *
opt_text (JsonObject *object,
          const char *key)
{
  JsonNode *node = rapport_json_get_member (object, key);

  if (node == NULL || !rapport_json_holds_string (node) || json_node_get_string (node)[0] == '\0')
    return NULL;
  return g_strdup (json_node_get_string (node));
}

gboolean
rapport_rt_money_parse_history (JsonNode   *root,
                                GPtrArray  *txns,
                                guint      *n_items,
                                GError    **error)
{
  JsonArray *items = rapport_rt_page_get_items (root, error);

  if (items == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(RapportRtTransaction) base = rapport_rt_parse_transaction (node, error);
      RapportRtMoneyTxn *txn;
      JsonObject *object;

      if (base == NULL)
        return FALSE;
      object = json_node_get_object (node);

      txn = g_new0 (RapportRtMoneyTxn, 1);
      txn->id = base->id;
      txn->type = g_steal_pointer (&base->type);
      txn->creator = g_steal_pointer (&base->creator);
      txn->creator_name = g_steal_pointer (&base->creator_name);
      txn->created = base->created;
      txn->field = opt_text (object, "Field");
      txn->old_value = opt_text (object, "OldValue");
      txn->new_value = opt_text (object, "NewValue");
      txn->data = opt_text (object, "Data");
      g_ptr_array_add (txns, txn);
    }

  if (n_items != NULL)
    *n_items = json_array_get_length (items);
  return TRUE;
}

static gboolean
verdict_from_string (const char     *text,
                     RapportVerdict *out)
{
  static const char *names[] = { "allowed", "needs_approval", "denied" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (text, names[i]) == 0)
      {
        *out = (RapportVerdict) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
reason_from_string (const char           *text,
                    RapportVerdictReason *out)
{
  for (int i = RAPPORT_VERDICT_REASON_NONE; i <= RAPPORT_VERDICT_REASON_AGENT_DAY; i++)
    if (strcmp (text, rapport_verdict_reason_to_string ((RapportVerdictReason) i)) == 0)
      {
        *out = (RapportVerdictReason) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
rapport_rt_money_parse_verdict (const char           *text,
                                RapportVerdict       *verdict,
                                RapportVerdictReason *reason)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autofree char *name = NULL;
      g_autofree char *why = NULL;
      const char *open, *close;

      while (*line == ' ' || *line == '\t')
        line++;
      if (!g_str_has_prefix (line, VERDICT_PREFIX))
        continue;
      line += strlen (VERDICT_PREFIX);
      open = strstr (line, " (");
      close = open != NULL ? strchr (open, ')') : NULL;
      if (open == NULL || close == NULL)
        return FALSE;

      name = g_strndup (line, open - line);
      why = g_strndup (open + 2, close - open - 2);
      if (!verdict_from_string (name, verdict))
        return FALSE;
      /* Server-only reasons ("record", "policy") have no client counterpart. */
      if (!reason_from_string (why, reason))
        *reason = RAPPORT_VERDICT_REASON_NONE;
      return TRUE;
    }

  return FALSE;
}

void
rapport_rt_decision_record_free (RapportRtDecisionRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->approval_id);
  g_free (record->decider_uid);
  g_free (record->decider);
  g_free (record->decider_name);
  g_free (record->note);
  g_free (record);
}

/* Moves *@at past @literal when it starts there. */
static gboolean
skip_literal (const char **at,
              const char  *literal)
{
  if (!g_str_has_prefix (*at, literal))
    return FALSE;
  *at += strlen (literal);
  return TRUE;
}

/* A positive decimal id at *@at (no sign, no leading zero), moving past it. */
static char *
take_id (const char **at)
{
  const char *end = *at;
  char *id;

  while (g_ascii_isdigit (*end))
    end++;
  if (end == *at || **at == '0' || end - *at > 19)
    return NULL;

  id = g_strndup (*at, end - *at);
  *at = end;
  return id;
}

/* "2026-12-06T21:15:14Z" exactly, moving past it. */
static gboolean
take_instant (const char **at,
              gint64      *seconds)
{
  static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) instant = NULL;

  for (guint i = 0; i < sizeof shape - 1; i++)
    if (shape[i] == 'd' ? !g_ascii_isdigit ((*at)[i]) : (*at)[i] != shape[i])
      return FALSE;

  text = g_strndup (*at, sizeof shape - 1);
  instant = g_date_time_new_from_iso8601 (text, NULL);
  if (instant == NULL)
    return FALSE;
  *seconds = g_date_time_to_unix (instant);
  *at += sizeof shape - 1;
  return TRUE;
}

/* A name up to the end of the line: not empty, no control characters, no white space at
 * either end. */
static gboolean
is_clean_name (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || g_ascii_isspace (text[0]) || g_ascii_isspace (text[len - 1]) ||
      !g_utf8_validate (text, len, NULL))
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      return FALSE;
  return TRUE;
}

RapportRtDecisionRecord *
rapport_rt_money_parse_decision_record (const char *text)
{
  g_autoptr(RapportRtDecisionRecord) record = NULL;
  g_autoptr(GString) plain = NULL;
  g_auto(GStrv) lines = NULL;
  const char *at;

  if (text == NULL || !g_str_has_prefix (text, DECISION_PREFIX))
    return NULL;

  /* Lines as RT may store them ("\r\n"), read as "\n". */
  plain = g_string_new (text);
  g_string_replace (plain, "\r\n", "\n", 0);
  lines = g_strsplit (plain->str, "\n", 4);
  if (g_strv_length (lines) < 3)
    return NULL;

  record = g_new0 (RapportRtDecisionRecord, 1);
  at = lines[0] + strlen (DECISION_PREFIX);
  if (skip_literal (&at, "approved"))
    record->decision = RAPPORT_DECISION_APPROVE;
  else if (skip_literal (&at, "rejected"))
    record->decision = RAPPORT_DECISION_REJECT;
  else
    return NULL;

  if (!skip_literal (&at, "; approval ") || (record->approval_id = take_id (&at)) == NULL ||
      !skip_literal (&at, "; at ") || !take_instant (&at, &record->decided_at) ||
      !skip_literal (&at, "; by ") || (record->decider_uid = take_id (&at)) == NULL ||
      !skip_literal (&at, " ") || !is_clean_name (at))
    return NULL;
  record->decider = g_strdup (at);

  at = lines[1];
  if (!skip_literal (&at, "Decider: ") || !is_clean_name (at) || strcmp (lines[2], "Note:") != 0)
    return NULL;
  record->decider_name = g_strdup (at);

  if (lines[3] != NULL)
    {
      record->note = g_strstrip (g_strdup (lines[3]));
      if (record->note[0] == '\0')
        g_clear_pointer (&record->note, g_free);
    }

  return g_steal_pointer (&record);
}

RapportRtDecisionRecord *
rapport_rt_money_find_decision_record (GPtrArray  *history,
                                       GHashTable *bodies,
                                       const char *approval_id)
{
  gboolean voided = FALSE;

  g_return_val_if_fail (history != NULL && bodies != NULL, NULL);

  for (guint i = history->len; approval_id != NULL && i > 0; i--)
    {
      const RapportRtMoneyTxn *txn = history->pdata[i - 1];
      g_autoptr(RapportRtDecisionRecord) record = NULL;
      g_autofree char *text = NULL;
      RapportRtAttachment *part;

      if (g_strcmp0 (txn->type, "Comment") != 0 ||
          g_strcmp0 (txn->creator, RAPPORT_RT_SYSTEM_USER) != 0)
        continue;
      part = g_hash_table_lookup (bodies, &txn->id);
      if (part == NULL)
        continue;
      text = rapport_rt_attachment_body_text (part);
      /* The guard reopened the approval after its newest decision: that decision does not
       * count, whatever the decider's groups are by now. */
      if (rapport_rt_money_voids_approval (text, approval_id))
        {
          voided = TRUE;
          continue;
        }
      record = rapport_rt_money_parse_decision_record (text);
      if (record != NULL && strcmp (record->approval_id, approval_id) == 0)
        {
          record->voided = voided;
          return g_steal_pointer (&record);
        }
    }

  return NULL;
}

gboolean
rapport_rt_money_voids_approval (const char *text,
                                 const char *approval_id)
{
  static const char head[] = "Rapport: this approval does not count and was reopened (";
  g_autofree char *named = NULL;
  const char *end;

  if (text == NULL || approval_id == NULL || !g_str_has_prefix (text, head))
    return FALSE;

  /* "(approval #N: why; approval #M: why); this money action still waits." on one line. */
  end = strchr (text, '\n');
  named = g_strdup_printf ("approval #%s: ", approval_id);
  for (const char *at = text + strlen (head); (at = strstr (at, named)) != NULL; at++)
    {
      if (end != NULL && at > end)
        break;
      if (at[-1] == '(' || (at[-1] == ' ' && at[-2] == ';'))
        return TRUE;
    }

  return FALSE;
}

static const char *
field (const RapportRtMoneyRecord *record,
       const char                 *name)
{
  return g_hash_table_lookup (record->fields, name);
}

RapportMoneyAction *
rapport_rt_money_build_action (const RapportRtMoneyRecord *record,
                               const char                 *verdict_text,
                               const char                 *approval_etag,
                               GError                    **error)
{
  g_autoptr(RapportMoneyAction) action = rapport_money_action_new ();
  g_autoptr(GError) local_error = NULL;
  const char *kind_text = field (record, "Money kind");
  const char *amount_text = field (record, "Money amount");
  const char *currency = field (record, "Money currency");
  RapportVerdict verdict = RAPPORT_VERDICT_ALLOWED;
  RapportVerdictReason reason = RAPPORT_VERDICT_REASON_NONE;
  gboolean has_verdict = rapport_rt_money_parse_verdict (verdict_text, &verdict, &reason);
  RapportMoneyKind kind;
  RapportActionState state;
  RapportMoney amount;
  g_autofree char *trimmed = NULL;
  g_autofree char *upper = NULL;

  if (kind_text == NULL || !rapport_money_kind_from_string (kind_text, &kind))
    {
      rapport_json_set_invalid (error, "RT money ticket %s has no valid “Money kind” (“%s”)",
                                record->id, kind_text != NULL ? kind_text : "");
      return NULL;
    }
  trimmed = currency != NULL ? g_strstrip (g_strdup (currency)) : NULL;
  upper = trimmed != NULL ? g_ascii_strup (trimmed, -1) : NULL;
  if (amount_text == NULL || upper == NULL ||
      !rapport_money_parse_wire (&amount, amount_text, upper, &local_error))
    {
      rapport_json_set_invalid (error, "RT money ticket %s has no valid amount (“%s” “%s”)%s%s",
                                record->id, amount_text != NULL ? amount_text : "",
                                currency != NULL ? currency : "",
                                local_error != NULL ? ": " : "",
                                local_error != NULL ? local_error->message : "");
      return NULL;
    }

  if (!has_verdict && record->depends_on->len > 0)
    {
      verdict = RAPPORT_VERDICT_NEEDS_APPROVAL;
      has_verdict = TRUE;
    }

  if (g_ascii_strcasecmp (record->status, "rejected") == 0)
    state = RAPPORT_ACTION_STATE_REJECTED;
  else if (g_ascii_strcasecmp (record->status, "deleted") == 0)
    state = RAPPORT_ACTION_STATE_CANCELLED;
  else if (verdict == RAPPORT_VERDICT_NEEDS_APPROVAL)
    state = g_ascii_strcasecmp (record->status, "new") == 0 ?
            RAPPORT_ACTION_STATE_PENDING_APPROVAL : RAPPORT_ACTION_STATE_APPROVED;
  else if (verdict == RAPPORT_VERDICT_DENIED)
    state = RAPPORT_ACTION_STATE_REJECTED;
  else
    state = RAPPORT_ACTION_STATE_EXECUTED;

  rapport_money_action_set_remote_id (action, record->id);
  if (record->refers_to->len > 0)
    rapport_money_action_set_ticket_remote_id (action, record->refers_to->pdata[0]);
  rapport_money_action_set_customer_key (action, field (record, "Money customer"));
  rapport_money_action_set_kind (action, kind);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action, field (record, "Money reason"));
  rapport_money_action_set_order_reference (action, field (record, "Money order reference"));
  rapport_money_action_set_requester (action, record->creator, record->creator_name);
  rapport_money_action_set_created_at (action, record->created * G_USEC_PER_SEC);
  rapport_money_action_set_server_state (action, state);
  if (has_verdict)
    rapport_money_action_set_verdict (action, verdict, reason);
  /* The newest approval is the one that counts (a raised amount asks again). */
  if (record->depends_on->len > 0)
    rapport_money_action_set_approval (action, rapport_rt_money_record_get_approval (record),
                                       approval_etag);

  return g_steal_pointer (&action);
}

gboolean
rapport_rt_money_decider_counts (GHashTable         *supervisors,
                                 const char         *decider,
                                 gboolean            voided,
                                 RapportMoneyAction *action)
{
  const char *requester = action != NULL ? rapport_money_action_get_requester_remote_id (action)
                                         : NULL;

  if (supervisors == NULL || decider == NULL || !g_hash_table_contains (supervisors, decider))
    return FALSE;
  /* Voided by the guard and not by the requester: the decider was no supervisor then. (The
   * requester's own decision fails its own check, whatever their groups.) */
  return !voided || g_strcmp0 (decider, requester) == 0;
}

const RapportRtMoneyTxn *
rapport_rt_money_find_decision (GPtrArray       *history,
                                RapportDecision *decision,
                                gboolean        *voided)
{
  *voided = FALSE;

  for (guint i = history->len; i > 0; i--)
    {
      const RapportRtMoneyTxn *txn = history->pdata[i - 1];
      gboolean decides;

      if (g_strcmp0 (txn->type, "Status") != 0 || txn->creator == NULL)
        continue;
      decides = g_strcmp0 (txn->new_value, "resolved") == 0 ||
                g_strcmp0 (txn->new_value, "rejected") == 0;
      /* Open again after its newest decision (the guard reopens an approval decided by the
       * requester or by a non-supervisor): that decision does not count, whatever the
       * decider's groups are by now. */
      if (!decides)
        {
          *voided = TRUE;
          continue;
        }
      if (g_strcmp0 (txn->creator, RAPPORT_RT_SYSTEM_USER) == 0)
        continue;
      *decision = g_strcmp0 (txn->new_value, "resolved") == 0 ? RAPPORT_DECISION_APPROVE :
                                                                RAPPORT_DECISION_REJECT;
      return txn;
    }

  *decision = RAPPORT_DECISION_NONE;
  return NULL;
}

RapportApproval *
rapport_rt_money_build_approval (const RapportRtMoneyRecord *record,
                                 const char                 *action_id,
                                 const char                 *etag,
                                 GPtrArray                  *history,
                                 GHashTable                 *bodies,
                                 GHashTable                 *supervisors,
                                 RapportMoneyAction         *action)
{
  RapportApproval *approval = rapport_approval_new (record->id, action_id);
  RapportDecision decision = RAPPORT_DECISION_NONE;
  gboolean voided = FALSE;
  const RapportRtMoneyTxn *decided = history != NULL ?
                                     rapport_rt_money_find_decision (history, &decision,
                                                                     &voided) : NULL;

  rapport_approval_set_etag (approval, etag);
  if (action != NULL)
    rapport_approval_set_request (approval, rapport_money_action_get_amount (action),
                                  rapport_money_action_get_customer_key (action));

  if (decided != NULL)
    {
      g_autoptr(GString) note = g_string_new (NULL);
      guint64 last = 0;

      /* The decider's replies before the decision are their note, as the decision record
       * on the money ticket has it (data/rt/rapport-authority.pl); the history is oldest
       * first, and a page read twice adds nothing. */
      for (guint i = 0; bodies != NULL && i < history->len; i++)
        {
          const RapportRtMoneyTxn *txn = history->pdata[i];
          g_autofree char *text = NULL;
          RapportRtAttachment *part;

          if (txn->id > decided->id)
            break;
          if (txn->id <= last)
            continue;
          last = txn->id;
          if (g_strcmp0 (txn->type, "Correspond") != 0 ||
              g_strcmp0 (txn->creator, decided->creator) != 0)
            continue;
          part = g_hash_table_lookup (bodies, &txn->id);
          if (part == NULL)
            continue;
          text = g_strstrip (rapport_rt_attachment_body_text (part));
          if (text[0] == '\0')
            continue;
          if (note->len > 0)
            g_string_append (note, "\n\n");
          g_string_append (note, text);
        }

      rapport_approval_set_decision (approval, decision, decided->creator,
                                     decided->creator_name != NULL ? decided->creator_name :
                                                                     decided->creator,
                                     rapport_rt_money_decider_counts (supervisors,
                                                                      decided->creator, voided,
                                                                      action),
                                     decided->created * G_USEC_PER_SEC,
                                     note->len > 0 ? note->str : NULL);
    }

  return approval;
}

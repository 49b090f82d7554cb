/* rapport-demo-money.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo-provider"

#include "config.h"

#include "rapport-demo-money.h"

#include "rapport-demo.h"
#include "rapport-json.h"

#include <string.h>

/* The most entries a kept ledger may hold (a demo is played by hand). */
#define MAX_ENTRIES 100000

typedef struct
{
  char                *id;
  char                *ticket;
  char                *customer_key;
  char                *reason;
  char                *order_reference;
  char                *requester;
  char                *requester_name;
  RapportMoneyKind     kind;
  RapportMoney         amount;
  gint64               created_us;
  RapportActionState   state;
  RapportVerdict       verdict;
  RapportVerdictReason verdict_reason;
  char                *approval_id;   /* NULL: none */
  guint                revision;      /* the approval's ETag */
  RapportDecision      decision;
  char                *decided_by;
  char                *decided_by_name;
  gint64               decided_at_us;
  char                *note;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->id);
  g_free (entry->ticket);
  g_free (entry->customer_key);
  g_free (entry->reason);
  g_free (entry->order_reference);
  g_free (entry->requester);
  g_free (entry->requester_name);
  g_free (entry->approval_id);
  g_free (entry->decided_by);
  g_free (entry->decided_by_name);
  g_free (entry->note);
  g_free (entry);
}

struct _RapportDemoBank
{
  GMutex     mutex;
  GPtrArray *entries;   /* (element-type Entry) oldest first */
  guint      next_id;
  guint      revision;
};

static GMutex      banks_mutex;
static GHashTable *banks; /* "seed:customers:anchor" → RapportDemoBank (one ref) */

static void
bank_clear (RapportDemoBank *bank)
{
  g_mutex_clear (&bank->mutex);
  g_ptr_array_unref (bank->entries);
}

void
_rapport_demo_bank_unref (RapportDemoBank *bank)
{
  g_atomic_rc_box_release_full (bank, (GDestroyNotify) bank_clear);
}

static Entry *
add_entry (RapportDemoBank    *bank,
           const char         *ticket,
           const char         *requester,
           const char         *requester_name,
           RapportMoneyKind    kind,
           const RapportMoney *amount,
           const char         *reason,
           const char         *order_reference,
           const char         *customer_key,
           gint64              created_us)
{
  Entry *entry = g_new0 (Entry, 1);

  bank->next_id++;
  entry->id = g_strdup_printf ("demo-money-%u", bank->next_id);
  entry->ticket = g_strdup (ticket);
  entry->customer_key = rapport_customer_key_normalize (customer_key);
  entry->reason = g_strdup (reason);
  entry->order_reference = g_strdup (order_reference);
  entry->requester = g_strdup (requester);
  entry->requester_name = g_strdup (requester_name);
  entry->kind = kind;
  entry->amount = *amount;
  entry->created_us = created_us;
  g_ptr_array_add (bank->entries, entry);
  return entry;
}

static void
ask_approval (RapportDemoBank      *bank,
              Entry                *entry,
              RapportVerdictReason  reason)
{
  entry->state = RAPPORT_ACTION_STATE_PENDING_APPROVAL;
  entry->verdict = RAPPORT_VERDICT_NEEDS_APPROVAL;
  entry->verdict_reason = reason;
  entry->approval_id = g_strdup_printf ("demo-approval-%u", bank->next_id);
  entry->revision = 1;
}

/* The story (docs/demo-workspace.md): Sam refunded Chloé's duplicate charge three weeks ago
 * (ticket 1002); a refund for her lost starter kit (1004) and a credit for her cancelled
 * subscription (1005) wait for a supervisor. Amounts in the policy's currency. */
static void
seed_story (RapportDemoBank *bank,
            gint64           anchor_time)
{
  g_autoptr(GSettings) settings = rapport_policy_settings_new ();
  g_autoptr(RapportPolicy) policy = rapport_policy_settings_load (settings, NULL, NULL, NULL);
  const char *currency = rapport_policy_get_currency (policy);
  gint64 unit = 1;
  gint64 anchor_us = anchor_time * G_USEC_PER_SEC;
  const char *chloe = "chloe.silva@northwind-bakery.example";
  RapportMoney amount = { 0 };
  Entry *entry;

  for (int i = 0; i < rapport_currency_get_exponent (currency); i++)
    unit *= 10;
  g_strlcpy (amount.currency, currency, sizeof amount.currency);

  amount.minor = 24 * unit;
  entry = add_entry (bank, "1002", RAPPORT_DEMO_AGENT_REMOTE_ID, RAPPORT_DEMO_AGENT_NAME,
                     RAPPORT_MONEY_KIND_REFUND, &amount, "Duplicate charge for March", NULL,
                     chloe, anchor_us - 21 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
  entry->state = RAPPORT_ACTION_STATE_EXECUTED;
  entry->verdict = RAPPORT_VERDICT_ALLOWED;

  amount.minor = 60 * unit;
  entry = add_entry (bank, "1004", RAPPORT_DEMO_AGENT_REMOTE_ID, RAPPORT_DEMO_AGENT_NAME,
                     RAPPORT_MONEY_KIND_REFUND, &amount, "Sourdough starter kit never arrived",
                     "4490", chloe, anchor_us - G_TIME_SPAN_DAY + 30 * G_TIME_SPAN_MINUTE);
  ask_approval (bank, entry, RAPPORT_VERDICT_REASON_SINGLE_LIMIT);

  amount.minor = 30 * unit;
  entry = add_entry (bank, "1005", "lee.agent", "Lee Fontaine", RAPPORT_MONEY_KIND_CREDIT,
                     &amount, "Goodwill for the winter closure", NULL, chloe,
                     anchor_us - 2 * G_TIME_SPAN_HOUR + 10 * G_TIME_SPAN_MINUTE);
  ask_approval (bank, entry, RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
}

static RapportDemoBank *
bank_new_empty (void)
{
  RapportDemoBank *bank = g_atomic_rc_box_new0 (RapportDemoBank);

  g_mutex_init (&bank->mutex);
  bank->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return bank;
}

RapportDemoBank *
_rapport_demo_bank_new (gint64 anchor_time)
{
  RapportDemoBank *bank = bank_new_empty ();

  seed_story (bank, anchor_time);
  bank->revision = 1;
  return bank;
}

RapportDemoBank *
_rapport_demo_bank_get (guint32 seed,
                        guint   n_customers,
                        gint64  anchor_time)
{
  g_autofree char *key = g_strdup_printf ("%u:%u:%" G_GINT64_FORMAT, seed, n_customers,
                                          anchor_time);
  RapportDemoBank *bank;

  g_mutex_lock (&banks_mutex);
  if (banks == NULL)
    banks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) _rapport_demo_bank_unref);
  bank = g_hash_table_lookup (banks, key);
  if (bank == NULL)
    {
      bank = _rapport_demo_bank_new (anchor_time);
      g_hash_table_insert (banks, g_steal_pointer (&key), bank);
    }
  bank = g_atomic_rc_box_acquire (bank);
  g_mutex_unlock (&banks_mutex);

  return bank;
}

static RapportMoneyAction *
entry_to_action (const Entry *entry)
{
  RapportMoneyAction *action = rapport_money_action_new ();
  g_autofree char *etag = entry->approval_id != NULL ? g_strdup_printf ("%u", entry->revision) :
                                                       NULL;

  rapport_money_action_set_remote_id (action, entry->id);
  rapport_money_action_set_ticket_remote_id (action, entry->ticket);
  rapport_money_action_set_customer_key (action, entry->customer_key);
  rapport_money_action_set_kind (action, entry->kind);
  rapport_money_action_set_amount (action, &entry->amount);
  rapport_money_action_set_reason (action, entry->reason);
  rapport_money_action_set_order_reference (action, entry->order_reference);
  rapport_money_action_set_requester (action, entry->requester, entry->requester_name);
  rapport_money_action_set_created_at (action, entry->created_us);
  rapport_money_action_set_server_state (action, entry->state);
  rapport_money_action_set_verdict (action, entry->verdict, entry->verdict_reason);
  if (entry->approval_id != NULL)
    rapport_money_action_set_approval (action, entry->approval_id, etag);
  return action;
}

static RapportApproval *
entry_to_approval (const Entry *entry)
{
  RapportApproval *approval = rapport_approval_new (entry->approval_id, entry->id);
  g_autofree char *etag = g_strdup_printf ("%u", entry->revision);

  rapport_approval_set_etag (approval, etag);
  rapport_approval_set_request (approval, &entry->amount, entry->customer_key);
  if (entry->decision != RAPPORT_DECISION_NONE)
    rapport_approval_set_decision (approval, entry->decision, entry->decided_by,
                                   entry->decided_by_name, TRUE, entry->decided_at_us,
                                   entry->note);
  return approval;
}

/* The past entries of the policy's histories (the action being judged excluded). */
static GArray *
history_of (RapportDemoBank *bank,
            const char      *customer_key,
            const char      *requester)
{
  GArray *history = g_array_new (FALSE, FALSE, sizeof (RapportPolicyEntry));

  for (guint i = 0; i < bank->entries->len; i++)
    {
      const Entry *entry = bank->entries->pdata[i];
      RapportPolicyEntry past = { entry->kind, entry->amount, entry->state, entry->created_us };

      if ((customer_key != NULL && g_strcmp0 (entry->customer_key, customer_key) == 0) ||
          (requester != NULL && g_ascii_strcasecmp (entry->requester, requester) == 0))
        g_array_append_val (history, past);
    }
  return history;
}

RapportMoneyAction *
_rapport_demo_bank_create (RapportDemoBank     *bank,
                           const RapportPolicy *policy,
                           const char          *user,
                           const char          *user_name,
                           RapportRole          role,
                           const char          *ticket_remote_id,
                           RapportMoneyKind     kind,
                           const RapportMoney  *amount,
                           const char          *reason,
                           const char          *order_reference,
                           const char          *customer_key,
                           gint64               now_us)
{
  g_autofree char *key = rapport_customer_key_normalize (customer_key);
  g_autoptr(GArray) customer = NULL;
  g_autoptr(GArray) agent = NULL;
  RapportPolicyAction judged = { role, kind, *amount };
  RapportPolicyHistory customer_history, agent_history;
  RapportPolicyEvaluation evaluation;
  RapportMoneyAction *action;
  Entry *entry;

  g_mutex_lock (&bank->mutex);

  customer = history_of (bank, key, NULL);
  agent = history_of (bank, NULL, user);
  customer_history.entries = (const RapportPolicyEntry *) customer->data;
  customer_history.n_entries = customer->len;
  agent_history.entries = (const RapportPolicyEntry *) agent->data;
  agent_history.n_entries = agent->len;
  rapport_policy_evaluate (policy, &judged, &customer_history, &agent_history, now_us,
                           &evaluation);

  entry = add_entry (bank, ticket_remote_id, user, user_name, kind, amount, reason,
                     order_reference, key, now_us);
  switch (evaluation.verdict)
    {
    case RAPPORT_VERDICT_ALLOWED:
      entry->state = RAPPORT_ACTION_STATE_EXECUTED;
      entry->verdict = RAPPORT_VERDICT_ALLOWED;
      break;
    case RAPPORT_VERDICT_NEEDS_APPROVAL:
      ask_approval (bank, entry, evaluation.reason);
      break;
    case RAPPORT_VERDICT_DENIED:
    default:
      entry->state = RAPPORT_ACTION_STATE_REJECTED;
      entry->verdict = RAPPORT_VERDICT_DENIED;
      entry->verdict_reason = evaluation.reason;
      break;
    }

  action = entry_to_action (entry);
  bank->revision++;
  g_mutex_unlock (&bank->mutex);
  return action;
}

RapportApproval *
_rapport_demo_bank_decide (RapportDemoBank  *bank,
                           const char       *user,
                           const char       *user_name,
                           gboolean          is_supervisor,
                           const char       *approval_id,
                           RapportDecision   decision,
                           const char       *note,
                           const char       *etag,
                           gint64            now_us,
                           GError          **error)
{
  g_autofree char *revision = NULL;
  RapportApproval *approval = NULL;
  Entry *entry = NULL;

  g_mutex_lock (&bank->mutex);

  for (guint i = 0; i < bank->entries->len && entry == NULL; i++)
    if (g_strcmp0 (((Entry *) bank->entries->pdata[i])->approval_id, approval_id) == 0)
      entry = bank->entries->pdata[i];

  if (entry == NULL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
                   "The demo workspace has no approval “%s”", approval_id);
      goto out;
    }

  revision = g_strdup_printf ("%u", entry->revision);
  if (g_strcmp0 (etag, revision) != 0)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT,
                   "Approval %s changed since it was read (revision %s, now %s)", approval_id,
                   etag != NULL ? etag : "none", revision);
      goto out;
    }

  if (!is_supervisor || g_ascii_strcasecmp (entry->requester, user) == 0)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN,
                   is_supervisor ? "A supervisor's own request needs another supervisor" :
                                   "Only a supervisor may decide approval %s", approval_id);
      goto out;
    }

  if (entry->state != RAPPORT_ACTION_STATE_PENDING_APPROVAL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Approval %s was decided already", approval_id);
      goto out;
    }

  entry->decision = decision;
  entry->state = decision == RAPPORT_DECISION_APPROVE ? RAPPORT_ACTION_STATE_APPROVED :
                                                        RAPPORT_ACTION_STATE_REJECTED;
  g_free (entry->decided_by);
  entry->decided_by = g_strdup (user);
  g_free (entry->decided_by_name);
  entry->decided_by_name = g_strdup (user_name);
  /* A decision comes after its request even when the clock says otherwise. */
  entry->decided_at_us = MAX (now_us, entry->created_us + 1);
  g_free (entry->note);
  entry->note = note != NULL && note[0] != '\0' ? g_strdup (note) : NULL;
  entry->revision++;
  bank->revision++;
  approval = entry_to_approval (entry);

out:
  g_mutex_unlock (&bank->mutex);
  return approval;
}

void
_rapport_demo_bank_list (RapportDemoBank *bank,
                         const char      *ticket_remote_id,
                         GPtrArray       *actions,
                         GPtrArray       *approvals)
{
  g_mutex_lock (&bank->mutex);
  for (guint i = 0; i < bank->entries->len; i++)
    {
      const Entry *entry = bank->entries->pdata[i];

      if (ticket_remote_id != NULL && g_strcmp0 (entry->ticket, ticket_remote_id) != 0)
        continue;
      g_ptr_array_add (actions, entry_to_action (entry));
      if (entry->approval_id != NULL)
        g_ptr_array_add (approvals, entry_to_approval (entry));
    }
  g_mutex_unlock (&bank->mutex);
}

guint
_rapport_demo_bank_get_revision (RapportDemoBank *bank)
{
  guint revision;

  g_mutex_lock (&bank->mutex);
  revision = bank->revision;
  g_mutex_unlock (&bank->mutex);
  return revision;
}

/* ---------------------------------------------------------------------------------------------
 * The ledger as JSON, for the demo server's file
 * ------------------------------------------------------------------------------------------- */

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

JsonNode *
_rapport_demo_bank_to_json (RapportDemoBank *bank)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_mutex_lock (&bank->mutex);
  json_builder_begin_object (builder);
  add_int (builder, "next_id", bank->next_id);
  add_int (builder, "revision", bank->revision);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bank->entries->len; i++)
    {
      const Entry *entry = bank->entries->pdata[i];
      g_autofree char *amount = rapport_money_to_wire (&entry->amount);

      json_builder_begin_object (builder);
      add_string (builder, "id", entry->id);
      add_string (builder, "ticket", entry->ticket);
      add_string (builder, "customer_key", entry->customer_key);
      add_string (builder, "reason", entry->reason);
      add_string (builder, "order_reference", entry->order_reference);
      add_string (builder, "requester", entry->requester);
      add_string (builder, "requester_name", entry->requester_name);
      add_string (builder, "kind", rapport_money_kind_to_string (entry->kind));
      add_string (builder, "amount", amount);
      add_string (builder, "currency", entry->amount.currency);
      add_int (builder, "created_us", entry->created_us);
      add_string (builder, "state", rapport_action_state_to_string (entry->state));
      add_string (builder, "verdict", rapport_verdict_to_string (entry->verdict));
      add_string (builder, "verdict_reason",
                  rapport_verdict_reason_to_string (entry->verdict_reason));
      add_string (builder, "approval_id", entry->approval_id);
      add_int (builder, "revision", entry->revision);
      add_string (builder, "decision", rapport_decision_to_string (entry->decision));
      add_string (builder, "decided_by", entry->decided_by);
      add_string (builder, "decided_by_name", entry->decided_by_name);
      add_int (builder, "decided_at_us", entry->decided_at_us);
      add_string (builder, "note", entry->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  g_mutex_unlock (&bank->mutex);

  return json_builder_get_root (builder);
}

/* A required enumeration member: @known says whether its from_string function knew @text. */
static gboolean
check_nick (gboolean     known,
            const char  *key,
            const char  *text,
            GError     **error)
{
  if (!known)
    rapport_json_set_invalid (error, "A money entry has an unknown %s “%s”", key, text);
  return known;
}

#define READ_NICK(object, key, from_string, out, error) \
  (rapport_json_require_string ((object), "a money entry", (key), &nick, (error)) && \
   check_nick (from_string (nick, (out)), (key), nick, (error)))

static gboolean
read_text (JsonObject  *object,
           const char  *key,
           gboolean     required,
           char       **out,
           GError     **error)
{
  const char *text;

  if (!(required ? rapport_json_require_string : rapport_json_get_string) (object,
                                                                          "a money entry",
                                                                          key, &text, error))
    return FALSE;
  *out = g_strdup (text);
  return TRUE;
}

static gboolean
read_time (JsonObject  *object,
           const char  *key,
           gint64      *out,
           GError     **error)
{
  gboolean present = FALSE;

  if (!rapport_json_get_int64 (object, "a money entry", key, &present, out, error))
    return FALSE;
  if (!present || *out < 0)
    {
      rapport_json_set_invalid (error, "A money entry has no valid %s", key);
      return FALSE;
    }
  return TRUE;
}

static Entry *
entry_from_json (JsonNode  *node,
                 GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (node, "a money entry", error);
  g_autoptr(GError) money_error = NULL;
  Entry *entry;
  const char *amount, *currency, *nick;
  guint revision = 0;

  if (object == NULL)
    return NULL;

  entry = g_new0 (Entry, 1);
  if (!read_text (object, "id", TRUE, &entry->id, error) ||
      !read_text (object, "ticket", TRUE, &entry->ticket, error) ||
      !read_text (object, "customer_key", TRUE, &entry->customer_key, error) ||
      !read_text (object, "reason", TRUE, &entry->reason, error) ||
      !read_text (object, "order_reference", FALSE, &entry->order_reference, error) ||
      !read_text (object, "requester", TRUE, &entry->requester, error) ||
      !read_text (object, "requester_name", FALSE, &entry->requester_name, error) ||
      !READ_NICK (object, "kind", rapport_money_kind_from_string, &entry->kind, error) ||
      !rapport_json_require_string (object, "a money entry", "amount", &amount, error) ||
      !rapport_json_require_string (object, "a money entry", "currency", &currency, error) ||
      !read_time (object, "created_us", &entry->created_us, error) ||
      !READ_NICK (object, "state", rapport_action_state_from_string, &entry->state, error) ||
      !READ_NICK (object, "verdict", rapport_verdict_from_string, &entry->verdict, error) ||
      !READ_NICK (object, "verdict_reason", rapport_verdict_reason_from_string,
                  &entry->verdict_reason, error) ||
      !read_text (object, "approval_id", FALSE, &entry->approval_id, error) ||
      !rapport_json_require_uint (object, "a money entry", "revision", &revision, error) ||
      !READ_NICK (object, "decision", rapport_decision_from_string, &entry->decision, error) ||
      !read_text (object, "decided_by", FALSE, &entry->decided_by, error) ||
      !read_text (object, "decided_by_name", FALSE, &entry->decided_by_name, error) ||
      !read_time (object, "decided_at_us", &entry->decided_at_us, error) ||
      !read_text (object, "note", FALSE, &entry->note, error))
    goto fail;

  entry->revision = revision;
  if (!rapport_money_parse_wire (&entry->amount, amount, currency, &money_error))
    {
      rapport_json_set_invalid (error, "Money entry %s has an invalid amount: %s", entry->id,
                                money_error->message);
      goto fail;
    }
  if (entry->amount.minor <= 0 ||
      (entry->approval_id != NULL) != (entry->revision > 0) ||
      (entry->decision != RAPPORT_DECISION_NONE && entry->decided_by == NULL))
    {
      rapport_json_set_invalid (error, "Money entry %s does not hold together", entry->id);
      goto fail;
    }
  return entry;

fail:
  entry_free (entry);
  return NULL;
}

/* Whether @id is @prefix and a number from 1 to @next_id, as the bank gives them out. */
static gboolean
id_given_out (const char *id,
              const char *prefix,
              guint       next_id)
{
  guint64 number;

  if (next_id == 0 || !g_str_has_prefix (id, prefix))
    return FALSE;
  id += strlen (prefix);
  return id[0] != '0' &&
         g_ascii_string_to_unsigned (id, 10, 1, next_id, &number, NULL);
}

RapportDemoBank *
_rapport_demo_bank_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (node, "the money ledger", error);
  RapportDemoBank *bank;
  JsonArray *entries = NULL;
  guint next_id = 0, revision = 0;
  g_autoptr(GHashTable) seen = NULL;

  if (object == NULL ||
      !rapport_json_require_uint (object, "the money ledger", "next_id", &next_id, error) ||
      !rapport_json_require_uint (object, "the money ledger", "revision", &revision, error) ||
      !rapport_json_get_array (object, "the money ledger", "entries", &entries, error))
    return NULL;

  if (entries == NULL || json_array_get_length (entries) > MAX_ENTRIES || revision == 0)
    {
      rapport_json_set_invalid (error, "The money ledger has no entries, too many, or no "
                                "revision");
      return NULL;
    }

  bank = bank_new_empty ();
  bank->next_id = next_id;
  bank->revision = revision;
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      Entry *entry = entry_from_json (json_array_get_element (entries, i), error);

      if (entry == NULL)
        {
          _rapport_demo_bank_unref (bank);
          return NULL;
        }
      g_ptr_array_add (bank->entries, entry);
      /* Ids the bank gave out itself, once each: a new action never takes an old one's. */
      if (!id_given_out (entry->id, "demo-money-", next_id) ||
          !g_hash_table_add (seen, entry->id) ||
          (entry->approval_id != NULL &&
           (!id_given_out (entry->approval_id, "demo-approval-", next_id) ||
            !g_hash_table_add (seen, entry->approval_id))))
        {
          rapport_json_set_invalid (error, "Money entry %s: an id given twice, or not given out "
                                    "by this ledger (next id %u)", entry->id, next_id);
          _rapport_demo_bank_unref (bank);
          return NULL;
        }
    }
  return bank;
}

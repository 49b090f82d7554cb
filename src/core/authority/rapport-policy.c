/* rapport-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-policy"

#include "config.h"

#include "rapport-policy.h"
#include "rapport-authority-resources.h"

#include <string.h>

G_DEFINE_QUARK (rapport-policy-error-quark, rapport_policy_error)

#define DEFAULTS_PATH "/io/github/rapportdesk/Rapport/authority/policy-defaults.json"
#define POLICY_FORMAT 1
/* Ten years: long enough for any audit window, short enough that the window in µs fits. */
#define MAX_WINDOW_DAYS 3660

struct _RapportPolicy
{
  gatomicrefcount     ref_count;
  char                currency[4];
  guint               customer_window_days;
  char               *time_zone_id;
  GTimeZone          *time_zone;
  RapportPolicyLimits limits[RAPPORT_N_ROLES][RAPPORT_N_MONEY_KINDS];
};

/* role_names and kind_names end with NULL: they also list the members of a policy's JSON. */
static const char * const role_names[] = {
  [RAPPORT_ROLE_AGENT] = "agent",
  [RAPPORT_ROLE_SENIOR] = "senior",
  [RAPPORT_ROLE_SUPERVISOR] = "supervisor",
  NULL
};

static const char * const kind_names[] = {
  [RAPPORT_MONEY_KIND_REFUND] = "refund",
  [RAPPORT_MONEY_KIND_CREDIT] = "credit",
  NULL
};

static const char * const state_names[] = {
  [RAPPORT_ACTION_STATE_EXECUTED] = "executed",
  [RAPPORT_ACTION_STATE_PENDING_APPROVAL] = "pending_approval",
  [RAPPORT_ACTION_STATE_APPROVED] = "approved",
  [RAPPORT_ACTION_STATE_REJECTED] = "rejected",
  [RAPPORT_ACTION_STATE_CANCELLED] = "cancelled",
};

static const char * const verdict_names[] = {
  [RAPPORT_VERDICT_ALLOWED] = "allowed",
  [RAPPORT_VERDICT_NEEDS_APPROVAL] = "needs_approval",
  [RAPPORT_VERDICT_DENIED] = "denied",
};

static const char * const reason_names[] = {
  [RAPPORT_VERDICT_REASON_NONE] = "none",
  [RAPPORT_VERDICT_REASON_CURRENCY] = "currency",
  [RAPPORT_VERDICT_REASON_AMOUNT] = "amount",
  [RAPPORT_VERDICT_REASON_ROLE] = "role",
  [RAPPORT_VERDICT_REASON_SINGLE_LIMIT] = "single_limit",
  [RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW] = "customer_window",
  [RAPPORT_VERDICT_REASON_AGENT_DAY] = "agent_day",
};

static const char *
name_of (const char * const *names,
         gsize               n_names,
         guint               value)
{
  g_return_val_if_fail (value < n_names, NULL);
  return names[value];
}

static gboolean
value_of (const char * const *names,
          gsize               n_names,
          const char         *text,
          guint              *out)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (strcmp (names[i], text) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
rapport_role_to_string (RapportRole role)
{
  return name_of (role_names, RAPPORT_N_ROLES, role);
}

gboolean
rapport_role_from_string (const char  *text,
                          RapportRole *out)
{
  guint value;

  if (!value_of (role_names, RAPPORT_N_ROLES, text, &value))
    return FALSE;
  *out = (RapportRole) value;
  return TRUE;
}

const char *
rapport_money_kind_to_string (RapportMoneyKind kind)
{
  return name_of (kind_names, RAPPORT_N_MONEY_KINDS, kind);
}

gboolean
rapport_money_kind_from_string (const char       *text,
                                RapportMoneyKind *out)
{
  guint value;

  if (!value_of (kind_names, RAPPORT_N_MONEY_KINDS, text, &value))
    return FALSE;
  *out = (RapportMoneyKind) value;
  return TRUE;
}

const char *
rapport_action_state_to_string (RapportActionState state)
{
  return name_of (state_names, G_N_ELEMENTS (state_names), state);
}

gboolean
rapport_action_state_from_string (const char         *text,
                                  RapportActionState *out)
{
  guint value;

  if (!value_of (state_names, G_N_ELEMENTS (state_names), text, &value))
    return FALSE;
  *out = (RapportActionState) value;
  return TRUE;
}

const char *
rapport_verdict_to_string (RapportVerdict verdict)
{
  return name_of (verdict_names, G_N_ELEMENTS (verdict_names), verdict);
}

gboolean
rapport_verdict_from_string (const char     *text,
                             RapportVerdict *out)
{
  guint value;

  if (!value_of (verdict_names, G_N_ELEMENTS (verdict_names), text, &value))
    return FALSE;
  *out = (RapportVerdict) value;
  return TRUE;
}

const char *
rapport_verdict_reason_to_string (RapportVerdictReason reason)
{
  return name_of (reason_names, G_N_ELEMENTS (reason_names), reason);
}

gboolean
rapport_verdict_reason_from_string (const char           *text,
                                    RapportVerdictReason *out)
{
  guint value;

  if (!value_of (reason_names, G_N_ELEMENTS (reason_names), text, &value))
    return FALSE;
  *out = (RapportVerdictReason) value;
  return TRUE;
}

/* Loading */

static void
rapport_policy_free (RapportPolicy *policy)
{
  g_clear_pointer (&policy->time_zone, g_time_zone_unref);
  g_clear_pointer (&policy->time_zone_id, g_free);
  g_free (policy);
}

RapportPolicy *
rapport_policy_ref (RapportPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, NULL);

  g_atomic_ref_count_inc (&policy->ref_count);
  return policy;
}

void
rapport_policy_unref (RapportPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  if (g_atomic_ref_count_dec (&policy->ref_count))
    rapport_policy_free (policy);
}

static void
set_invalid (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RAPPORT_POLICY_ERROR, RAPPORT_POLICY_ERROR_INVALID,
               "Invalid policy: %s", message);
}

/* The object at @node, which must have exactly the members @names (NULL-terminated). */
static JsonObject *
get_object (JsonNode            *node,
            const char * const  *names,
            const char          *where,
            GError             **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, "%s must be an object", where);
      return NULL;
    }

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (names, l->data))
      {
        set_invalid (error, "unknown member “%s” in %s", (const char *) l->data, where);
        return NULL;
      }
  for (gsize i = 0; names[i] != NULL; i++)
    if (!json_object_has_member (object, names[i]))
      {
        set_invalid (error, "%s has no “%s”", where, names[i]);
        return NULL;
      }

  return object;
}

static gboolean
get_integer (JsonObject  *object,
             const char  *name,
             gint64      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_invalid (error, "“%s” must be an integer", name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static const char *
get_string (JsonObject  *object,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_invalid (error, "“%s” must be a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
read_limit (JsonObject  *object,
            const char  *name,
            const char  *currency,
            const char  *where,
            gint64      *out,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *text = get_string (object, name, error);
  RapportMoney money;

  if (text == NULL)
    return FALSE;
  if (!rapport_money_parse_wire (&money, text, currency, &local_error))
    {
      set_invalid (error, "%s.%s: %s", where, name, local_error->message);
      return FALSE;
    }
  *out = money.minor;
  return TRUE;
}

static gboolean
read_roles (RapportPolicy  *policy,
            JsonNode       *node,
            GError        **error)
{
  static const char * const limit_names[] = { "single", "customer_window", "agent_day", NULL };
  JsonObject *roles = get_object (node, role_names, "“roles”", error);

  if (roles == NULL)
    return FALSE;

  for (guint role = 0; role < RAPPORT_N_ROLES; role++)
    {
      JsonObject *kinds = get_object (json_object_get_member (roles, role_names[role]),
                                      kind_names, role_names[role], error);

      if (kinds == NULL)
        return FALSE;

      for (guint kind = 0; kind < RAPPORT_N_MONEY_KINDS; kind++)
        {
          g_autofree char *where = g_strdup_printf ("%s.%s", role_names[role], kind_names[kind]);
          RapportPolicyLimits *limits = &policy->limits[role][kind];
          JsonObject *object = get_object (json_object_get_member (kinds, kind_names[kind]),
                                           limit_names, where, error);

          if (object == NULL ||
              !read_limit (object, "single", policy->currency, where, &limits->single, error) ||
              !read_limit (object, "customer_window", policy->currency, where,
                           &limits->customer_window, error) ||
              !read_limit (object, "agent_day", policy->currency, where, &limits->agent_day,
                           error))
            return FALSE;
        }
    }

  return TRUE;
}

/* A name of the IANA time zone database ("UTC", "America/Argentina/Buenos_Aires",
 * "Etc/GMT+5"): GLib would also take offsets and POSIX TZ strings ("+02:00",
 * "CET-1CEST,M3.5.0"), which the helpdesk's side need not understand. */
static gboolean
is_zone_name (const char *zone)
{
  if (!g_ascii_isalpha (zone[0]))
    return FALSE;
  for (const char *p = zone; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_+-/", *p) == NULL)
      return FALSE;
  return TRUE;
}

RapportPolicy *
rapport_policy_new_from_json_node (JsonNode  *node,
                                   GError   **error)
{
  static const char * const names[] = {
    "format", "currency", "exponent", "customer_window_days", "agent_day_time_zone", "roles",
    NULL
  };
  g_autoptr(RapportPolicy) policy = NULL;
  JsonObject *root;
  const char *currency;
  const char *zone;
  gint64 format;
  gint64 exponent;
  gint64 days;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = get_object (node, names, "the policy", error);
  if (root == NULL || !get_integer (root, "format", &format, error))
    return NULL;
  if (format != POLICY_FORMAT)
    {
      set_invalid (error, "format %" G_GINT64_FORMAT " is not %d", format, POLICY_FORMAT);
      return NULL;
    }

  policy = g_new0 (RapportPolicy, 1);
  g_atomic_ref_count_init (&policy->ref_count);

  currency = get_string (root, "currency", error);
  if (currency == NULL || !get_integer (root, "exponent", &exponent, error))
    return NULL;
  if (!rapport_currency_is_known (currency))
    {
      set_invalid (error, "“%s” is not a known ISO 4217 currency code", currency);
      return NULL;
    }
  if (exponent != rapport_currency_get_exponent (currency))
    {
      set_invalid (error, "%s has %d decimals, not %" G_GINT64_FORMAT, currency,
                   rapport_currency_get_exponent (currency), exponent);
      return NULL;
    }
  g_strlcpy (policy->currency, currency, sizeof policy->currency);

  if (!get_integer (root, "customer_window_days", &days, error))
    return NULL;
  if (days < 1 || days > MAX_WINDOW_DAYS)
    {
      set_invalid (error, "“customer_window_days” must be from 1 to %d", MAX_WINDOW_DAYS);
      return NULL;
    }
  policy->customer_window_days = (guint) days;

  zone = get_string (root, "agent_day_time_zone", error);
  if (zone == NULL)
    return NULL;
  if (!is_zone_name (zone))
    {
      set_invalid (error, "“%s” is not the name of a time zone (such as Europe/Paris)", zone);
      return NULL;
    }
  policy->time_zone = g_time_zone_new_identifier (zone);
  if (policy->time_zone == NULL)
    {
      set_invalid (error, "“%s” is not a time zone of this system's time zone database", zone);
      return NULL;
    }
  policy->time_zone_id = g_strdup (zone);

  if (!read_roles (policy, json_object_get_member (root, "roles"), error))
    return NULL;

  return g_steal_pointer (&policy);
}

RapportPolicy *
rapport_policy_new_from_json (const char  *json,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      set_invalid (error, "%s", local_error->message);
      return NULL;
    }
  return rapport_policy_new_from_json_node (json_parser_get_root (parser), error);
}

static gpointer
load_defaults (gpointer data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  RapportPolicy *policy = NULL;
  gsize size;
  const char *json;

  bytes = g_resource_lookup_data (rapport_authority_get_resource (), DEFAULTS_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes != NULL)
    {
      json = g_bytes_get_data (bytes, &size);
      policy = rapport_policy_new_from_json (json, (gssize) size, &error);
    }

  /* The file is part of the build, and the tests load it: failing here is a build defect. */
  if (policy == NULL)
    g_error ("The built-in policy defaults (%s) cannot be loaded: %s", DEFAULTS_PATH,
             error->message);

  return policy;
}

RapportPolicy *
rapport_policy_new_default (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_defaults, NULL);
  return rapport_policy_ref (once.retval);
}

/* Accessors */

const char *
rapport_policy_get_currency (const RapportPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, NULL);

  return policy->currency;
}

guint
rapport_policy_get_customer_window_days (const RapportPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, 0);

  return policy->customer_window_days;
}

const char *
rapport_policy_get_agent_day_time_zone (const RapportPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, NULL);

  return policy->time_zone_id;
}

const RapportPolicyLimits *
rapport_policy_get_limits (const RapportPolicy *policy,
                           RapportRole          role,
                           RapportMoneyKind     kind)
{
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail ((guint) role < RAPPORT_N_ROLES, NULL);
  g_return_val_if_fail ((guint) kind < RAPPORT_N_MONEY_KINDS, NULL);

  return &policy->limits[role][kind];
}

/* The agent's day is the calendar day in a named zone rather than a rolling 24 h: it is a
 * workday quota that agents and supervisors read as "today", the helpdesk's reports count by
 * day, and a zone named in the policy (never the machine's own) makes the client and the
 * server agree on where the day starts. */
gint64
rapport_policy_get_day_start (const RapportPolicy *policy,
                              gint64               now_us)
{
  static const GTimeType types[] = { G_TIME_TYPE_DAYLIGHT, G_TIME_TYPE_STANDARD };
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  gint64 now_s;
  gint64 local_midnight;
  gint64 start = G_MAXINT64;
  int year, month, day;

  g_return_val_if_fail (policy != NULL, 0);

  /* Floor division: the second that contains now_us, before 1970 too. */
  now_s = now_us / G_USEC_PER_SEC - (now_us % G_USEC_PER_SEC < 0);
  now = g_date_time_new_from_unix_utc (now_s);
  if (now == NULL)
    return G_MININT64;
  local = g_date_time_to_timezone (now, policy->time_zone);
  g_date_time_get_ymd (local, &year, &month, &day);

  /* Today's 00:00 as a local wall-clock time, in seconds as if it were UTC. */
  midnight = g_date_time_new_utc (year, month, day, 0, 0, 0);
  local_midnight = g_date_time_to_unix (midnight);

  /* 00:00 may happen twice (a clock set back at midnight): take the earlier instant. */
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      int interval = g_time_zone_find_interval (policy->time_zone, types[i], local_midnight);

      if (interval >= 0)
        start = MIN (start, local_midnight - g_time_zone_get_offset (policy->time_zone, interval));
    }

  /* 00:00 may not happen at all (a clock set forward at midnight): the day starts when the
   * clock jumps, which is where GLib moves a time that falls in the gap. */
  if (start == G_MAXINT64)
    {
      gint64 adjusted = local_midnight;
      int interval = g_time_zone_adjust_time (policy->time_zone, G_TIME_TYPE_STANDARD, &adjusted);

      start = adjusted - g_time_zone_get_offset (policy->time_zone, interval);
    }

  return start * G_USEC_PER_SEC;
}

/* Evaluation */

static gboolean
state_counts (RapportActionState state)
{
  switch (state)
    {
    case RAPPORT_ACTION_STATE_EXECUTED:
    case RAPPORT_ACTION_STATE_APPROVED:
    case RAPPORT_ACTION_STATE_PENDING_APPROVAL:
      return TRUE;
    case RAPPORT_ACTION_STATE_REJECTED:
    case RAPPORT_ACTION_STATE_CANCELLED:
      return FALSE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static gint64
saturating_add (gint64 a,
                gint64 b)
{
  gint64 sum;

  if (__builtin_add_overflow (a, b, &sum))
    return G_MAXINT64;
  return sum;
}

/* The sum of the entries of @kind in @currency that count, at or after @since_us (µs). */
static gint64
sum_history (const RapportPolicyHistory *history,
             RapportMoneyKind            kind,
             const char                 *currency,
             gint64                      since_us)
{
  gint64 total = 0;

  if (history == NULL)
    return 0;

  for (gsize i = 0; i < history->n_entries; i++)
    {
      const RapportPolicyEntry *entry = &history->entries[i];

      if (entry->kind == kind && entry->at_us >= since_us && entry->amount.minor > 0 &&
          state_counts (entry->state) && strcmp (entry->amount.currency, currency) == 0)
        total = saturating_add (total, entry->amount.minor);
    }

  return total;
}

static RapportVerdict
decide (RapportPolicyEvaluation *out,
        RapportVerdict           verdict,
        RapportVerdictReason     reason,
        gint64                   over)
{
  out->verdict = verdict;
  out->reason = reason;
  out->over.minor = over;
  return verdict;
}

RapportVerdict
rapport_policy_evaluate (const RapportPolicy        *policy,
                         const RapportPolicyAction  *action,
                         const RapportPolicyHistory *customer_recent,
                         const RapportPolicyHistory *agent_recent,
                         gint64                      now_us,
                         RapportPolicyEvaluation    *out)
{
  const RapportPolicyLimits *limits;
  RapportMoney zero = { 0 };
  gint64 window_us;
  gint64 window_start;
  gint64 amount;

  g_return_val_if_fail (policy != NULL, RAPPORT_VERDICT_DENIED);
  g_return_val_if_fail (action != NULL, RAPPORT_VERDICT_DENIED);
  g_return_val_if_fail (out != NULL, RAPPORT_VERDICT_DENIED);
  g_return_val_if_fail ((guint) action->kind < RAPPORT_N_MONEY_KINDS, RAPPORT_VERDICT_DENIED);

  memcpy (zero.currency, policy->currency, sizeof zero.currency);
  *out = (RapportPolicyEvaluation) {
    .amount = action->amount,
    .over = zero,
    .single_limit = zero,
    .customer_total = zero,
    .customer_after = zero,
    .customer_limit = zero,
    .customer_window_days = policy->customer_window_days,
    .agent_total = zero,
    .agent_after = zero,
    .agent_limit = zero,
  };

  if (strcmp (action->amount.currency, policy->currency) != 0)
    return decide (out, RAPPORT_VERDICT_DENIED, RAPPORT_VERDICT_REASON_CURRENCY, 0);
  if (action->amount.minor <= 0)
    return decide (out, RAPPORT_VERDICT_DENIED, RAPPORT_VERDICT_REASON_AMOUNT, 0);
  if ((guint) action->role >= RAPPORT_N_ROLES)
    return decide (out, RAPPORT_VERDICT_DENIED, RAPPORT_VERDICT_REASON_ROLE, 0);

  amount = action->amount.minor;
  limits = &policy->limits[action->role][action->kind];
  out->single_limit.minor = limits->single;
  out->customer_limit.minor = limits->customer_window;
  out->agent_limit.minor = limits->agent_day;

  /* Strictly younger than the window: an entry exactly that old has left it. */
  window_us = (gint64) policy->customer_window_days * 24 * G_TIME_SPAN_HOUR;
  if (__builtin_sub_overflow (now_us, window_us, &window_start) ||
      __builtin_add_overflow (window_start, 1, &window_start))
    window_start = G_MININT64;

  out->customer_total.minor = sum_history (customer_recent, action->kind, policy->currency,
                                           window_start);
  out->customer_after.minor = saturating_add (out->customer_total.minor, amount);
  out->agent_total.minor = sum_history (agent_recent, action->kind, policy->currency,
                                        rapport_policy_get_day_start (policy, now_us));
  out->agent_after.minor = saturating_add (out->agent_total.minor, amount);

  if (amount > limits->single)
    return decide (out, RAPPORT_VERDICT_NEEDS_APPROVAL, RAPPORT_VERDICT_REASON_SINGLE_LIMIT,
                   amount - limits->single);
  if (out->customer_after.minor > limits->customer_window)
    return decide (out, RAPPORT_VERDICT_NEEDS_APPROVAL, RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW,
                   out->customer_after.minor - limits->customer_window);
  if (out->agent_after.minor > limits->agent_day)
    return decide (out, RAPPORT_VERDICT_NEEDS_APPROVAL, RAPPORT_VERDICT_REASON_AGENT_DAY,
                   out->agent_after.minor - limits->agent_day);

  return decide (out, RAPPORT_VERDICT_ALLOWED, RAPPORT_VERDICT_REASON_NONE, 0);
}

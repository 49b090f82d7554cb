/* rapport-policy.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-money.h"

G_BEGIN_DECLS

#define RAPPORT_POLICY_ERROR (rapport_policy_error_quark ())
GQuark rapport_policy_error_quark (void);

typedef enum
{
  RAPPORT_POLICY_ERROR_INVALID, /* a policy description that does not follow the format */
} RapportPolicyError;

/* Who acts. On a helpdesk that enforces the policy, from its groups (the highest wins). */
typedef enum
{
  RAPPORT_ROLE_AGENT,      /*< nick=agent >*/
  RAPPORT_ROLE_SENIOR,     /*< nick=senior >*/
  RAPPORT_ROLE_SUPERVISOR, /*< nick=supervisor >*/
} RapportRole;

#define RAPPORT_N_ROLES (RAPPORT_ROLE_SUPERVISOR + 1)

/* What money moves: a refund, or a credit on the customer's account. */
typedef enum
{
  RAPPORT_MONEY_KIND_REFUND, /*< nick=refund >*/
  RAPPORT_MONEY_KIND_CREDIT, /*< nick=credit >*/
} RapportMoneyKind;

#define RAPPORT_N_MONEY_KINDS (RAPPORT_MONEY_KIND_CREDIT + 1)

/* Where a money action stands, as the helpdesk records it. */
typedef enum
{
  RAPPORT_ACTION_STATE_EXECUTED,         /*< nick=executed >*/
  RAPPORT_ACTION_STATE_PENDING_APPROVAL, /*< nick=pending_approval >*/
  RAPPORT_ACTION_STATE_APPROVED,         /*< nick=approved >*/
  RAPPORT_ACTION_STATE_REJECTED,         /*< nick=rejected >*/
  RAPPORT_ACTION_STATE_CANCELLED,        /*< nick=cancelled >*/
} RapportActionState;

typedef enum
{
  RAPPORT_VERDICT_ALLOWED,        /*< nick=allowed >*/
  RAPPORT_VERDICT_NEEDS_APPROVAL, /*< nick=needs_approval >*/
  RAPPORT_VERDICT_DENIED,         /*< nick=denied >*/
} RapportVerdict;

/* Why: the first rule that did not pass (see rapport_policy_evaluate()). */
typedef enum
{
  RAPPORT_VERDICT_REASON_NONE,            /*< nick=none >*/
  RAPPORT_VERDICT_REASON_CURRENCY,        /*< nick=currency >*/
  RAPPORT_VERDICT_REASON_AMOUNT,          /*< nick=amount >*/
  RAPPORT_VERDICT_REASON_ROLE,            /*< nick=role >*/
  RAPPORT_VERDICT_REASON_SINGLE_LIMIT,    /*< nick=single_limit >*/
  RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW, /*< nick=customer_window >*/
  RAPPORT_VERDICT_REASON_AGENT_DAY,       /*< nick=agent_day >*/
} RapportVerdictReason;

/* The limits of one role for one kind, in minor units of the policy's currency. */
typedef struct
{
  gint64 single;          /* the most one action may be */
  gint64 customer_window; /* the most one customer may receive over the rolling window */
  gint64 agent_day;       /* the most one agent may give in one day */
} RapportPolicyLimits;

/* The action being decided. */
typedef struct
{
  RapportRole      role;
  RapportMoneyKind kind;
  RapportMoney     amount;
} RapportPolicyAction;

/* One past money action. */
typedef struct
{
  RapportMoneyKind   kind;
  RapportMoney       amount;
  RapportActionState state;
  gint64             at_us;  /* when it was requested, µs since the Unix epoch */
} RapportPolicyEntry;

/* A view on past actions (borrowed; the evaluation keeps no reference). */
typedef struct
{
  const RapportPolicyEntry *entries;
  gsize                     n_entries;
} RapportPolicyHistory;

/* Everything the dialog needs to say why. @amount is the action's; the others are in the
 * policy's currency. The totals are before the action; "after" = total + amount; "over" =
 * what exceeds the limit of the reason (zero when allowed or denied). Sums saturate at
 * G_MAXINT64. When denied, the limits, totals and @over are zero. */
typedef struct
{
  RapportVerdict       verdict;
  RapportVerdictReason reason;
  RapportMoney         amount;
  RapportMoney         over;
  RapportMoney         single_limit;
  RapportMoney         customer_total;
  RapportMoney         customer_after;
  RapportMoney         customer_limit;
  guint                customer_window_days;
  RapportMoney         agent_total;
  RapportMoney         agent_after;
  RapportMoney         agent_limit;
} RapportPolicyEvaluation;

/* The limits, their currency, the customer window and the zone of the agent's day. Immutable
 * and reference-counted: share it freely between threads. */
typedef struct _RapportPolicy RapportPolicy;

/* The project's defaults, read from the file the helpdesk's server side reads too
 * (data/rt/policy-defaults.json, embedded as a resource): in USD, a 30-day customer window
 * and the agent's day in UTC; single limits agent 50.00 refund / 25.00 credit, senior 200.00,
 * supervisor 2000.00. The customer window allows 1.5 times the agent's refund limit (two
 * full refunds to one customer within a month is what a supervisor should see) and twice
 * every other single limit; the agent's day allows 4 full actions for an agent and 5 for
 * the others, so a normal day of settlements needs no approval. */
RapportPolicy *rapport_policy_new_default        (void);
/* A policy in that file's format: every member required, no other member, amounts as wire
 * strings of the policy's currency, a time zone of the system's database. */
RapportPolicy *rapport_policy_new_from_json      (const char  *json,
                                                  gssize       length,
                                                  GError     **error);
RapportPolicy *rapport_policy_new_from_json_node (JsonNode    *node,
                                                  GError     **error);
RapportPolicy *rapport_policy_ref                (RapportPolicy *policy);
void           rapport_policy_unref              (RapportPolicy *policy);

const char *rapport_policy_get_currency             (const RapportPolicy *policy);
guint       rapport_policy_get_customer_window_days (const RapportPolicy *policy);
/* The IANA name of the zone whose calendar day is the agent's day ("UTC", "Europe/Paris"). */
const char *rapport_policy_get_agent_day_time_zone  (const RapportPolicy *policy);
const RapportPolicyLimits *
            rapport_policy_get_limits               (const RapportPolicy *policy,
                                                     RapportRole          role,
                                                     RapportMoneyKind     kind);

/* The first instant (µs since the Unix epoch) of the agent's day that contains @now_us:
 * the first instant whose local date in the policy's zone is the date of @now_us there.
 * An instant outside the years 1 to 9999 has no calendar day: G_MININT64 (all counts). */
gint64      rapport_policy_get_day_start            (const RapportPolicy *policy,
                                                     gint64               now_us);

/* Decides @action. A pure function of its arguments: @customer_recent holds the customer's
 * past money actions (by anyone), @agent_recent the acting agent's (for any customer),
 * neither including @action itself, either may be NULL; entries outside the windows, of the
 * other kind, in another currency, not positive, rejected or cancelled are skipped here, so
 * the caller may pass more. The rule, in order (the first that applies decides):
 *   1. the action's currency is not the policy's        → DENIED (currency)
 *   2. the amount is not positive                       → DENIED (amount)
 *   3. the role is not one of the three                 → DENIED (role)
 *   4. amount > single limit                            → NEEDS_APPROVAL (single_limit)
 *   5. customer total + amount > customer_window limit  → NEEDS_APPROVAL (customer_window)
 *   6. agent total today + amount > agent_day limit     → NEEDS_APPROVAL (agent_day)
 *   7. otherwise                                        → ALLOWED
 * Exactly at a limit is allowed; one minor unit over is not. The totals count entries of the
 * same kind and currency whose state is executed, approved or pending_approval (a pending
 * request may still move money: not counting it would let requests that each fit be stacked
 * and approved together beyond the limits). Customer total: entries with
 * at_us > now_us - window days × 24 h (an entry exactly that old has left the window).
 * Agent total: entries with at_us ≥ rapport_policy_get_day_start (now_us). Entries in the
 * future (clock skew) count in both. Returns @out's verdict. */
RapportVerdict rapport_policy_evaluate (const RapportPolicy        *policy,
                                        const RapportPolicyAction  *action,
                                        const RapportPolicyHistory *customer_recent,
                                        const RapportPolicyHistory *agent_recent,
                                        gint64                      now_us,
                                        RapportPolicyEvaluation    *out);

const char *rapport_role_to_string           (RapportRole         role);
gboolean    rapport_role_from_string         (const char         *text,
                                              RapportRole        *out);
const char *rapport_money_kind_to_string     (RapportMoneyKind    kind);
gboolean    rapport_money_kind_from_string   (const char         *text,
                                              RapportMoneyKind   *out);
const char *rapport_action_state_to_string   (RapportActionState  state);
gboolean    rapport_action_state_from_string (const char         *text,
                                              RapportActionState *out);
const char *rapport_verdict_to_string        (RapportVerdict      verdict);
gboolean    rapport_verdict_from_string      (const char         *text,
                                              RapportVerdict     *out);
const char *rapport_verdict_reason_to_string (RapportVerdictReason reason);
gboolean    rapport_verdict_reason_from_string (const char           *text,
                                                RapportVerdictReason *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportPolicy, rapport_policy_unref)

G_END_DECLS

/* rapport-approval-check.c
 *
 * The rule that decides whether a supervisor's decision counts: one pure function, checked
 * on the helpdesk's own data (the server's record of the request and of the decision), never
 * on what the client asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-approval-check"

#include "config.h"

#include "rapport-approval-check.h"

#include <string.h>

static const char * const decision_names[] = {
  [RAPPORT_DECISION_NONE] = "none",
  [RAPPORT_DECISION_APPROVE] = "approve",
  [RAPPORT_DECISION_REJECT] = "reject",
};

static const char * const check_names[] = {
  [RAPPORT_APPROVAL_CHECK_VALID] = "valid",
  [RAPPORT_APPROVAL_CHECK_UNDECIDED] = "undecided",
  [RAPPORT_APPROVAL_CHECK_OTHER_REQUEST] = "other_request",
  [RAPPORT_APPROVAL_CHECK_NO_DECIDER] = "no_decider",
  [RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR] = "not_supervisor",
  [RAPPORT_APPROVAL_CHECK_BY_REQUESTER] = "by_requester",
  [RAPPORT_APPROVAL_CHECK_OTHER_CURRENCY] = "other_currency",
  [RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT] = "other_amount",
  [RAPPORT_APPROVAL_CHECK_OTHER_CUSTOMER] = "other_customer",
  [RAPPORT_APPROVAL_CHECK_BEFORE_REQUEST] = "before_request",
};

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[0] == '\0';
}

char *
rapport_customer_key_normalize (const char *key)
{
  g_autofree char *stripped = NULL;

  if (key == NULL)
    return NULL;

  stripped = g_strstrip (g_strdup (key));

  return g_utf8_strdown (stripped, -1);
}

/* Whether two customer keys name the same customer; an empty key names no one. */
static gboolean
same_customer (const char *a,
               const char *b)
{
  g_autofree char *na = rapport_customer_key_normalize (a);
  g_autofree char *nb = rapport_customer_key_normalize (b);

  return !is_blank (na) && !is_blank (nb) && strcmp (na, nb) == 0;
}

RapportApprovalCheck
rapport_approval_check (const RapportApprovalRequestFacts  *request,
                        const RapportApprovalDecisionFacts *decision)
{
  g_return_val_if_fail (request != NULL, RAPPORT_APPROVAL_CHECK_UNDECIDED);
  g_return_val_if_fail (decision != NULL, RAPPORT_APPROVAL_CHECK_UNDECIDED);

  if (decision->decision != RAPPORT_DECISION_APPROVE &&
      decision->decision != RAPPORT_DECISION_REJECT)
    return RAPPORT_APPROVAL_CHECK_UNDECIDED;

  if (is_blank (request->remote_id) || is_blank (decision->request_remote_id) ||
      strcmp (request->remote_id, decision->request_remote_id) != 0)
    return RAPPORT_APPROVAL_CHECK_OTHER_REQUEST;

  if (is_blank (decision->decided_by))
    return RAPPORT_APPROVAL_CHECK_NO_DECIDER;

  if (!decision->decider_is_supervisor)
    return RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR;

  /* A request without a known requester cannot be shown to be decided by someone else. */
  if (is_blank (request->requester) ||
      g_ascii_strcasecmp (request->requester, decision->decided_by) == 0)
    return RAPPORT_APPROVAL_CHECK_BY_REQUESTER;

  if (strncmp (request->amount.currency, decision->amount.currency,
               sizeof request->amount.currency) != 0)
    return RAPPORT_APPROVAL_CHECK_OTHER_CURRENCY;

  if (request->amount.minor != decision->amount.minor)
    return RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT;

  if (!same_customer (request->customer_key, decision->customer_key))
    return RAPPORT_APPROVAL_CHECK_OTHER_CUSTOMER;

  if (decision->decided_at_us <= request->requested_at_us)
    return RAPPORT_APPROVAL_CHECK_BEFORE_REQUEST;

  return RAPPORT_APPROVAL_CHECK_VALID;
}

const char *
rapport_decision_to_string (RapportDecision decision)
{
  g_return_val_if_fail ((guint) decision < G_N_ELEMENTS (decision_names), NULL);
  return decision_names[decision];
}

gboolean
rapport_decision_from_string (const char      *text,
                              RapportDecision *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (decision_names); i++)
    if (strcmp (decision_names[i], text) == 0)
      {
        *out = (RapportDecision) i;
        return TRUE;
      }
  return FALSE;
}

const char *
rapport_approval_check_to_string (RapportApprovalCheck check)
{
  g_return_val_if_fail ((guint) check < G_N_ELEMENTS (check_names), NULL);
  return check_names[check];
}

gboolean
rapport_approval_check_from_string (const char           *text,
                                    RapportApprovalCheck *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (check_names); i++)
    if (strcmp (check_names[i], text) == 0)
      {
        *out = (RapportApprovalCheck) i;
        return TRUE;
      }
  return FALSE;
}

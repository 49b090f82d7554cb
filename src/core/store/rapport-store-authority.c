/* rapport-store-authority.c
 *
 * The helpdesk's last answer about the signed-in user's authority (role, may decide, the
 * policy it enforces), one row per account in table account_authority, so a workspace started
 * while the helpdesk cannot be reached knows the user's role until it answers again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-store-private.h"

/* The format version of data/rt/policy-defaults.json that rapport_policy_new_from_json()
 * reads. */
#define POLICY_FORMAT 1

static const char *sql_authority_save =
  "INSERT INTO account_authority (account_id, role, may_decide, policy, source_detail, "
  "answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
  "ON CONFLICT (account_id) DO UPDATE SET role = excluded.role, "
  "may_decide = excluded.may_decide, policy = excluded.policy, "
  "source_detail = excluded.source_detail, answered_at = excluded.answered_at";

static const char *sql_authority_forget =
  "DELETE FROM account_authority WHERE account_id = ?1";

static const char *sql_authority_load =
  "SELECT role, may_decide, policy, source_detail, answered_at FROM account_authority "
  "WHERE account_id = ?1";

/* ---------------------------------------------------------------------------------------------
 * The policy as text, in the format the helpdesk's server side and the defaults file use
 * ------------------------------------------------------------------------------------------- */

static void
add_amount (JsonBuilder *builder,
            const char  *key,
            gint64       minor,
            const char  *currency)
{
  RapportMoney money = { 0 };
  g_autofree char *text = NULL;

  money.minor = minor;
  g_strlcpy (money.currency, currency, sizeof money.currency);
  text = rapport_money_to_wire (&money);

  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, text);
}

/* @policy as JSON that rapport_policy_new_from_json() reads back to an equal policy. */
static char *
policy_to_json (const RapportPolicy *policy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *currency = rapport_policy_get_currency (policy);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, POLICY_FORMAT);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, currency);
  json_builder_set_member_name (builder, "exponent");
  json_builder_add_int_value (builder, rapport_currency_get_exponent (currency));
  json_builder_set_member_name (builder, "customer_window_days");
  json_builder_add_int_value (builder, rapport_policy_get_customer_window_days (policy));
  json_builder_set_member_name (builder, "agent_day_time_zone");
  json_builder_add_string_value (builder, rapport_policy_get_agent_day_time_zone (policy));
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_object (builder);
  for (guint role = 0; role < RAPPORT_N_ROLES; role++)
    {
      json_builder_set_member_name (builder, rapport_role_to_string (role));
      json_builder_begin_object (builder);
      for (guint kind = 0; kind < RAPPORT_N_MONEY_KINDS; kind++)
        {
          const RapportPolicyLimits *limits = rapport_policy_get_limits (policy, role, kind);

          json_builder_set_member_name (builder, rapport_money_kind_to_string (kind));
          json_builder_begin_object (builder);
          add_amount (builder, "single", limits->single, currency);
          add_amount (builder, "customer_window", limits->customer_window, currency);
          add_amount (builder, "agent_day", limits->agent_day, currency);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Save, forget, load
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_store_save_authority:
 * @authority: (nullable): the helpdesk's answer; %NULL or one without a role forgets
 *
 * Returns: whether it was written
 */
gboolean
rapport_store_save_authority (RapportStore            *self,
                              gint64                   account_id,
                              const RapportAuthority  *authority,
                              GCancellable            *cancellable,
                              GError                 **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *policy = NULL;
  gboolean forget = authority == NULL || !authority->has_role;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id > 0, FALSE);
  g_return_val_if_fail (forget || (guint) authority->role < RAPPORT_N_ROLES, FALSE);

  if (!forget && authority->policy != NULL)
    policy = policy_to_json (authority->policy);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return FALSE;

  stmt = _rapport_store_prepare (self, forget ? sql_authority_forget : sql_authority_save, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      if (!forget)
        {
          _rapport_store_bind_text (stmt, 2, rapport_role_to_string (authority->role));
          sqlite3_bind_int (stmt, 3, authority->may_decide ? 1 : 0);
          _rapport_store_bind_text (stmt, 4, policy);
          _rapport_store_bind_text_or_null (stmt, 5, authority->source_detail);
          sqlite3_bind_int64 (stmt, 6, authority->answered_at > 0 ? authority->answered_at :
                                                                    _rapport_store_now ());
        }
      ok = _rapport_store_step_done (stmt, forget ? "Forgetting the user's authority" :
                                                    "Saving the user's authority", error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return ok;
}

/* A row as the helpdesk's answer; NULL with @error set when it does not read back (a role or
 * a policy this version does not know). */
static RapportAuthority *
authority_from_row (sqlite3_stmt  *stmt,
                    GError       **error)
{
  g_autoptr(RapportAuthority) authority = rapport_authority_new ();
  const char *role = _rapport_store_column_text (stmt, 0);
  const char *policy = _rapport_store_column_text (stmt, 2);

  if (!rapport_role_from_string (role, &authority->role))
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "Unknown role “%s” in the kept authority", role != NULL ? role : "");
      return NULL;
    }

  if (policy != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      authority->policy = rapport_policy_new_from_json (policy, -1, &local_error);
      if (authority->policy == NULL)
        {
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                       "The kept policy does not read back: %s", local_error->message);
          return NULL;
        }
    }

  authority->has_role = TRUE;
  authority->may_decide = sqlite3_column_int (stmt, 1) != 0;
  authority->source = RAPPORT_POLICY_SOURCE_SERVER;
  authority->source_detail = g_strdup (_rapport_store_column_text (stmt, 3));
  authority->answered_at = sqlite3_column_int64 (stmt, 4);
  authority->from_cache = TRUE;

  return g_steal_pointer (&authority);
}

/**
 * rapport_store_load_authority:
 *
 * Returns: (transfer full) (nullable): the kept answer, %NULL when there is none (without
 *   @error) or on failure (with @error)
 */
RapportAuthority *
rapport_store_load_authority (RapportStore  *self,
                              gint64         account_id,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  RapportAuthority *authority = NULL;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_authority_load, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      rc = _rapport_store_step (stmt, "Reading the user's authority", error);
      if (rc == SQLITE_ROW)
        authority = authority_from_row (stmt, error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return authority;
}

/* ---------------------------------------------------------------------------------------------
 * The asynchronous wrappers, through the store's thread runner
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64            account_id;
  RapportAuthority *authority;  /* nullable */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->authority, rapport_authority_free);
  g_free (data);
}

static gpointer
save_authority_work (RapportStore  *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  SaveData *save = data;

  return RAPPORT_STORE_WORK_BOOLEAN (rapport_store_save_authority (self, save->account_id,
                                                                   save->authority, cancellable,
                                                                   error));
}

void
rapport_store_save_authority_async (RapportStore           *self,
                                    gint64                  account_id,
                                    const RapportAuthority *authority,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  SaveData *data;

  g_return_if_fail (RAPPORT_IS_STORE (self));

  data = g_new0 (SaveData, 1);
  data->account_id = account_id;
  data->authority = authority != NULL ? rapport_authority_copy (authority) : NULL;
  _rapport_store_run_async (self, self, rapport_store_save_authority_async, save_authority_work,
                            data, (GDestroyNotify) save_data_free, NULL, cancellable, callback,
                            user_data);
}

gboolean
rapport_store_save_authority_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return _rapport_store_run_finish_boolean (self, result, rapport_store_save_authority_async,
                                            error);
}

static gpointer
load_authority_work (RapportStore  *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return rapport_store_load_authority (self, *(gint64 *) data, cancellable, error);
}

void
rapport_store_load_authority_async (RapportStore        *self,
                                    gint64               account_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_load_authority_async, load_authority_work,
                            g_memdup2 (&account_id, sizeof account_id), g_free,
                            (GDestroyNotify) rapport_authority_free, cancellable, callback,
                            user_data);
}

/**
 * rapport_store_load_authority_finish:
 *
 * Returns: (transfer full) (nullable): as rapport_store_load_authority()
 */
RapportAuthority *
rapport_store_load_authority_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_load_authority_async, error);
}

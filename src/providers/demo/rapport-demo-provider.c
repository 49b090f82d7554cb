/* rapport-demo-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo-provider"

#include "config.h"

#include "rapport-demo-provider.h"

#include "rapport-demo.h"

#include <string.h>

/* Messages per page. Each page is one store transaction, and bigger transactions are
 * cheaper per message: a transaction writes every database page it touched to the WAL once,
 * so the B-tree pages many rows share (interior nodes, indexes, ticket rows updated by many
 * messages) are written once per 10 000 messages instead of once per 2000; and FTS5 turns
 * each transaction's new terms into one segment, so fewer, larger segments mean fewer
 * merges while a large workspace is pulled.
 * Measured on the 100 000-customer demo workspace (about a million messages, 2-core VM), the
 * store alone applied ≈ 29 000 messages/s in pages of 2000 and ≈ 46 000 messages/s in pages
 * of 10 000. A page of 10 000 messages is about 940 customers and 2450 tickets, some 6 MB
 * of objects; the sync engine holds at most two pages (one applied, one fetched ahead). */
#define DEFAULT_PAGE_SIZE 10000u
#define BASE_URL_PREFIX   "demo:workspace?"

struct _RapportDemoProvider
{
  GObject parent_instance;

  guint32 seed;
  guint   n_customers;
  gint64  anchor_time;
  guint   page_size;
};

static void rapport_demo_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportDemoProvider, rapport_demo_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      rapport_demo_provider_iface_init))

enum
{
  PROP_0,
  PROP_SEED,
  PROP_N_CUSTOMERS,
  PROP_ANCHOR_TIME,
  PROP_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a worker thread needs: a copy of the parameters, so the thread never touches the
 * provider object. */
typedef struct
{
  guint32  seed;
  guint    n_customers;
  gint64   anchor_time;
  guint    page_size;
  char    *cursor;
  char    *ticket_remote_id;
} Job;

static void
job_free (Job *job)
{
  g_free (job->cursor);
  g_free (job->ticket_remote_id);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (RapportDemoProvider *self)
{
  Job *job = g_new0 (Job, 1);

  job->seed = self->seed;
  job->n_customers = self->n_customers;
  job->anchor_time = self->anchor_time;
  job->page_size = self->page_size;
  return job;
}

/* Strict unsigned decimal: digits only, no sign, no spaces, no leading zeros (except "0"),
 * at most @max. */
static gboolean
parse_decimal (const char *text,
               gsize       len,
               guint64     max,
               guint64    *out)
{
  guint64 value = 0;

  if (len == 0 || len > 20)
    return FALSE;
  if (len > 1 && text[0] == '0')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      guint digit;

      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      digit = (guint) (text[i] - '0');
      if (digit > max || value > (max - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }

  *out = value;
  return TRUE;
}

/* The cursor is the next customer index, in decimal; NULL means 0. */
static gboolean
parse_cursor (const char  *cursor,
              guint        n_customers,
              guint       *position,
              GError     **error)
{
  guint64 value = 0;

  if (cursor == NULL)
    {
      *position = 0;
      return TRUE;
    }

  if (!parse_decimal (cursor, strlen (cursor), n_customers, &value))
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Invalid demo cursor “%s” (expected a customer index from 0 to %u)",
                   cursor, n_customers);
      return FALSE;
    }

  *position = (guint) value;
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* pull_changes                                                                          */

static void
pull_changes_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(RapportDemo) demo = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!parse_cursor (job->cursor, job->n_customers, &position, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  demo = rapport_demo_new (job->seed, job->n_customers, job->anchor_time);
  rapport_demo_seek (demo, position);
  page = rapport_demo_next_page (demo, job->page_size);

  if (page == NULL)
    {
      /* At the end: nothing new, keep the cursor where it is. */
      page = rapport_sync_page_new ();
      page->resource = g_strdup ("demo");
      page->next_cursor = g_strdup_printf ("%u", position);
      page->has_more = FALSE;
      page->total_hint = 0;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) rapport_sync_page_free);
}

static void
rapport_demo_provider_pull_changes_async (RapportProvider     *provider,
                                          const char          *cursor,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_demo_provider_pull_changes_async);
  job = job_new (self);
  job->cursor = g_strdup (cursor);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, pull_changes_thread);
}

static RapportSyncPage *
rapport_demo_provider_pull_changes_finish (RapportProvider  *provider,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_demo_provider_pull_changes_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* fetch_ticket_history                                                                  */

/* Ticket remote ids encode the customer: the story customer's are "1001" … "1005"
 * (customer 0), all others "<customer index>-<ticket number>". */
static gboolean
customer_of_ticket (const char *remote_id,
                    guint       n_customers,
                    guint      *index)
{
  const char *dash = strchr (remote_id, '-');
  guint64 value;
  guint64 number;

  if (dash == NULL)
    {
      if (!parse_decimal (remote_id, strlen (remote_id), G_MAXUINT, &value))
        return FALSE;
      if (value < 1001 || value > 1005)
        return FALSE;
      *index = 0;
      return TRUE;
    }

  if (!parse_decimal (remote_id, dash - remote_id, G_MAXUINT, &value) ||
      !parse_decimal (dash + 1, strlen (dash + 1), G_MAXUINT, &number) ||
      number == 0 || value == 0 || value >= n_customers)
    return FALSE;

  *index = (guint) value;
  return TRUE;
}

static void
fetch_ticket_history_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(RapportDemo) demo = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  gboolean found = FALSE;
  guint index;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!customer_of_ticket (job->ticket_remote_id, job->n_customers, &index))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
                               "The demo workspace has no ticket “%s”", job->ticket_remote_id);
      return;
    }

  /* One customer's data: a page of at most one message is exactly that customer. */
  demo = rapport_demo_new (job->seed, job->n_customers, job->anchor_time);
  rapport_demo_seek (demo, index);
  page = rapport_demo_next_page (demo, 1);
  g_assert (page != NULL);

  for (guint i = 0; i < page->tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (g_ptr_array_index (page->tickets, i)),
                   job->ticket_remote_id) == 0)
      found = TRUE;

  if (!found)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
                               "The demo workspace has no ticket “%s”", job->ticket_remote_id);
      return;
    }

  messages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (page->messages, i);

      if (g_strcmp0 (rapport_message_get_ticket_remote_id (message),
                     job->ticket_remote_id) == 0)
        g_ptr_array_add (messages, g_object_ref (message));
    }

  g_task_return_pointer (task, g_steal_pointer (&messages), (GDestroyNotify) g_ptr_array_unref);
}

static void
rapport_demo_provider_fetch_ticket_history_async (RapportProvider     *provider,
                                                  const char          *ticket_remote_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_demo_provider_fetch_ticket_history_async);
  job = job_new (self);
  job->ticket_remote_id = g_strdup (ticket_remote_id);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, fetch_ticket_history_thread);
}

static GPtrArray *
rapport_demo_provider_fetch_ticket_history_finish (RapportProvider  *provider,
                                                   GAsyncResult     *result,
                                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_demo_provider_fetch_ticket_history_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* whoami                                                                                */

static void
rapport_demo_provider_whoami_async (RapportProvider     *provider,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_demo_provider_whoami_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task,
                         rapport_demo_provider_new_account (self->seed, self->n_customers,
                                                            self->anchor_time),
                         g_object_unref);
}

static RapportAccount *
rapport_demo_provider_whoami_finish (RapportProvider  *provider,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_demo_provider_whoami_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
rapport_demo_provider_get_kind (RapportProvider *provider)
{
  return "demo";
}

/* ------------------------------------------------------------------------------------ */
/* GObject                                                                               */

static void
rapport_demo_provider_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;

    case PROP_N_CUSTOMERS:
      g_value_set_uint (value, self->n_customers);
      break;

    case PROP_ANCHOR_TIME:
      g_value_set_int64 (value, self->anchor_time);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_demo_provider_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      self->seed = g_value_get_uint (value);
      break;

    case PROP_N_CUSTOMERS:
      self->n_customers = g_value_get_uint (value);
      break;

    case PROP_ANCHOR_TIME:
      self->anchor_time = g_value_get_int64 (value);
      break;

    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_demo_provider_class_init (RapportDemoProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rapport_demo_provider_get_property;
  object_class->set_property = rapport_demo_provider_set_property;

  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL,
                       0, G_MAXUINT32, RAPPORT_DEMO_DEFAULT_SEED,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CUSTOMERS] =
    g_param_spec_uint ("n-customers", NULL, NULL,
                       1, G_MAXUINT, RAPPORT_DEMO_DEFAULT_CUSTOMERS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANCHOR_TIME] =
    g_param_spec_int64 ("anchor-time", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_demo_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = rapport_demo_provider_get_kind;
  iface->whoami_async = rapport_demo_provider_whoami_async;
  iface->whoami_finish = rapport_demo_provider_whoami_finish;
  iface->pull_changes_async = rapport_demo_provider_pull_changes_async;
  iface->pull_changes_finish = rapport_demo_provider_pull_changes_finish;
  iface->fetch_ticket_history_async = rapport_demo_provider_fetch_ticket_history_async;
  iface->fetch_ticket_history_finish = rapport_demo_provider_fetch_ticket_history_finish;
}

static void
rapport_demo_provider_init (RapportDemoProvider *self)
{
  self->seed = RAPPORT_DEMO_DEFAULT_SEED;
  self->n_customers = RAPPORT_DEMO_DEFAULT_CUSTOMERS;
  self->page_size = DEFAULT_PAGE_SIZE;
}

/**
 * rapport_demo_provider_new:
 *
 * Returns: (transfer full): a provider serving the demo dataset for these parameters.
 */
RapportProvider *
rapport_demo_provider_new (guint32 seed,
                           guint   n_customers,
                           gint64  anchor_time)
{
  g_return_val_if_fail (n_customers > 0, NULL);
  g_return_val_if_fail (anchor_time >= 0, NULL);

  return g_object_new (RAPPORT_TYPE_DEMO_PROVIDER,
                       "seed", seed,
                       "n-customers", n_customers,
                       "anchor-time", anchor_time,
                       NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Accounts                                                                              */

/**
 * rapport_demo_provider_new_account:
 *
 * Returns: (transfer full): a demo account whose base URL records the dataset parameters.
 */
RapportAccount *
rapport_demo_provider_new_account (guint32 seed,
                                   guint   n_customers,
                                   gint64  anchor_time)
{
  g_autofree char *base_url = NULL;
  RapportAccount *account;

  g_return_val_if_fail (n_customers > 0, NULL);
  g_return_val_if_fail (anchor_time >= 0, NULL);

  base_url = g_strdup_printf (BASE_URL_PREFIX "seed=%u&customers=%u&anchor=%" G_GINT64_FORMAT,
                              seed, n_customers, anchor_time);
  account = rapport_account_new ("demo", base_url, "Demo workspace");
  rapport_account_set_user_remote_id (account, RAPPORT_DEMO_AGENT_REMOTE_ID);
  rapport_account_set_user_name (account, RAPPORT_DEMO_AGENT_NAME);
  rapport_account_set_role (account, "agent");

  return account;
}

/* Parses "demo:workspace?seed=…&customers=…&anchor=…": each key exactly once, in any
 * order, nothing else, values strict decimals in range. */
static gboolean
parse_base_url (const char  *base_url,
                guint32     *seed,
                guint       *n_customers,
                gint64      *anchor_time,
                GError     **error)
{
  g_auto(GStrv) params = NULL;
  gboolean have_seed = FALSE, have_customers = FALSE, have_anchor = FALSE;

  if (base_url == NULL || !g_str_has_prefix (base_url, BASE_URL_PREFIX))
    goto invalid;

  params = g_strsplit (base_url + strlen (BASE_URL_PREFIX), "&", -1);
  if (g_strv_length (params) != 3)
    goto invalid;

  for (guint i = 0; params[i] != NULL; i++)
    {
      const char *eq = strchr (params[i], '=');
      const char *value;
      gsize key_len;
      guint64 number;

      if (eq == NULL)
        goto invalid;
      key_len = eq - params[i];
      value = eq + 1;

      if (key_len == 4 && strncmp (params[i], "seed", 4) == 0 && !have_seed)
        {
          if (!parse_decimal (value, strlen (value), G_MAXUINT32, &number))
            goto invalid;
          *seed = (guint32) number;
          have_seed = TRUE;
        }
      else if (key_len == 9 && strncmp (params[i], "customers", 9) == 0 && !have_customers)
        {
          if (!parse_decimal (value, strlen (value), G_MAXUINT, &number) || number == 0)
            goto invalid;
          *n_customers = (guint) number;
          have_customers = TRUE;
        }
      else if (key_len == 6 && strncmp (params[i], "anchor", 6) == 0 && !have_anchor)
        {
          if (!parse_decimal (value, strlen (value), G_MAXINT64, &number))
            goto invalid;
          *anchor_time = (gint64) number;
          have_anchor = TRUE;
        }
      else
        goto invalid;
    }

  if (have_seed && have_customers && have_anchor)
    return TRUE;

invalid:
  g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
               "Invalid demo workspace address “%s” (expected "
               BASE_URL_PREFIX "seed=N&customers=N&anchor=N)",
               base_url != NULL ? base_url : "(none)");
  return FALSE;
}

/**
 * rapport_demo_provider_new_for_account:
 * @account: a demo account
 *
 * Returns: (transfer full) (nullable): the provider for @account, or %NULL with
 *   RAPPORT_PROVIDER_ERROR_INVALID_INPUT when the account is not a well-formed demo account.
 */
RapportProvider *
rapport_demo_provider_new_for_account (RapportAccount  *account,
                                       GError         **error)
{
  guint32 seed = 0;
  guint n_customers = 0;
  gint64 anchor_time = 0;

  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (rapport_account_get_provider_kind (account), "demo") != 0)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Account of kind “%s” is not a demo account",
                   rapport_account_get_provider_kind (account));
      return NULL;
    }

  if (!parse_base_url (rapport_account_get_base_url (account), &seed, &n_customers,
                       &anchor_time, error))
    return NULL;

  return rapport_demo_provider_new (seed, n_customers, anchor_time);
}

/* rapport-outbox-op-link.c
 *
 * The link operation: the backend records that a knowledge-base article was used to answer a
 * ticket (RT: the ticket RefersTo the article, as RT's own reply form does when an article is
 * included). Queued right after the public reply that used the article, on the same ticket,
 * so it runs after that reply (the push engine runs a ticket's ops in order).
 *
 * Local effect: none (the cache keeps no links). Push: link_article(). Linking is idempotent
 * on the backend, so the kind is idempotent: an attempt whose outcome is unknown is simply
 * sent again, and a retry never makes a second link. Completion: nothing to record. Back-out:
 * nothing; and when the reply it was queued with is taken back or discarded, the link ops
 * still waiting behind it go with it (_rapport_outbox_drop_links_after()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-outbox"

#include "config.h"

#include "rapport-outbox-private.h"

#include <json-glib/json-glib.h>

static char *
link_encode (const RapportOutboxOp *op)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "article");
  json_builder_add_string_value (builder, op->article_remote_id);
  json_builder_set_member_name (builder, "after");
  json_builder_add_int_value (builder, op->after_op_id);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
link_decode (RapportOutboxOp *op,
             const char      *json)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object = _rapport_outbox_parse_payload (json, &parser);

  if (object == NULL)
    return;

  g_free (op->article_remote_id);
  op->article_remote_id = g_strdup (json_object_get_string_member_with_default (object,
                                                                                "article",
                                                                                NULL));
  op->after_op_id = json_object_get_int_member_with_default (object, "after", 0);
}

static gboolean
link_apply_local (RapportStore        *store,
                  RapportStoreWriter  *writer,
                  RapportOutboxOp     *op,
                  GError             **error)
{
  /* The cache keeps no links: nothing to show before the server has it. */
  return TRUE;
}

static void
link_push (RapportProvider       *provider,
           const RapportOutboxOp *op,
           GCancellable          *cancellable,
           GAsyncReadyCallback    callback,
           gpointer               user_data)
{
  rapport_provider_link_article_async (provider, op->ticket_remote_id,
                                       op->article_remote_id != NULL ? op->article_remote_id
                                                                     : "",
                                       cancellable, callback, user_data);
}

static GObject *
link_push_finish (RapportProvider  *provider,
                  GAsyncResult     *result,
                  GError          **error)
{
  if (!rapport_provider_link_article_finish (provider, result, error))
    return NULL;

  /* The server's yes carries nothing to record: a plain object stands for it. */
  return g_object_new (G_TYPE_OBJECT, NULL);
}

static gboolean
link_complete (RapportStore        *store,
               RapportStoreWriter  *writer,
               RapportOutboxOp     *op,
               GObject             *answer,
               GError             **error)
{
  g_free (op->remote_message_id);
  op->remote_message_id = g_strdup (op->article_remote_id);

  return TRUE;
}

static gboolean
link_back_out (RapportStore        *store,
               RapportStoreWriter  *writer,
               RapportOutboxOp     *op,
               GError             **error)
{
  return TRUE;
}

const RapportOutboxOpClass _rapport_outbox_link_class = {
  .name = "link",
  .effect_namespace = "link",
  .idempotent = TRUE,
  .encode = link_encode,
  .decode = link_decode,
  .apply_local = link_apply_local,
  .push = link_push,
  .push_finish = link_push_finish,
  .complete = link_complete,
  .back_out = link_back_out,
};

gboolean
_rapport_outbox_drop_links_after (RapportStore     *store,
                                  RapportOutboxOp  *op,
                                  GError          **error)
{
  /* Only those not sent yet: a link the server has stays, like the reply would. */
  return _rapport_store_exec_ids (store, "DELETE FROM outbox WHERE kind = 'link' "
                                         "AND ticket_id = ?1 AND state IN ('held', 'ready') "
                                         "AND json_extract (changes, '$.after') = ?2",
                                  "Dropping the links of a reply", 2, op->ticket_id, op->id, 0,
                                  error);
}

/* ---------------------------------------------------------------------------------------------
 * API
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_outbox_enqueue_link:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_link (RapportStore  *store,
                             gint64         account_id,
                             gint64         ticket_id,
                             const char    *article_remote_id,
                             gint64         after_op_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (article_remote_id != NULL && *article_remote_id != '\0', NULL);

  op = g_new0 (RapportOutboxOp, 1);
  op->account_id = account_id;
  op->ticket_id = ticket_id;
  op->kind = RAPPORT_OUTBOX_KIND_LINK;
  op->article_remote_id = g_strdup (article_remote_id);
  op->after_op_id = after_op_id;

  return _rapport_outbox_enqueue (store, op, 0, cancellable, error);
}

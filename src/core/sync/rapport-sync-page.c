/* rapport-sync-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-sync-page"

#include "config.h"

#include "rapport-sync-page.h"

#include "rapport-text.h"

static const char * const record_kinds[] = {
  [RAPPORT_RECORD_TICKET] = "ticket",
  [RAPPORT_RECORD_MESSAGE] = "message",
  [RAPPORT_RECORD_CUSTOMER] = "customer",
  [RAPPORT_RECORD_MONEY] = "money",
};

const char *
rapport_record_kind_to_string (RapportRecordKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (record_kinds))
    return NULL;

  return record_kinds[kind];
}

gboolean
rapport_record_kind_from_string (const char        *text,
                                 RapportRecordKind *kind)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (record_kinds); i++)
    {
      if (g_strcmp0 (text, record_kinds[i]) == 0)
        {
          *kind = (RapportRecordKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * rapport_set_aside_new:
 *
 * Returns: (transfer full): a record set aside, free with rapport_set_aside_free()
 */
RapportSetAside *
rapport_set_aside_new (RapportRecordKind  kind,
                       const char        *remote_id,
                       const char        *parent_remote_id,
                       const char        *reason)
{
  RapportSetAside *record = g_new0 (RapportSetAside, 1);
  g_autofree char *storable = rapport_text_make_storable (reason != NULL ? reason : "", -1);

  record->kind = kind;
  record->remote_id = rapport_text_make_storable (remote_id != NULL ? remote_id : "", -1);
  record->parent_remote_id = rapport_text_make_storable (parent_remote_id != NULL ?
                                                         parent_remote_id : "", -1);
  record->reason = rapport_text_cut (storable, RAPPORT_SET_ASIDE_REASON_MAX_CHARS);

  return record;
}

RapportSetAside *
rapport_set_aside_copy (const RapportSetAside *record)
{
  RapportSetAside *copy = g_new0 (RapportSetAside, 1);

  *copy = *record;
  copy->remote_id = g_strdup (record->remote_id);
  copy->parent_remote_id = g_strdup (record->parent_remote_id);
  copy->reason = g_strdup (record->reason);

  return copy;
}

void
rapport_set_aside_free (RapportSetAside *record)
{
  if (record == NULL)
    return;

  g_free (record->remote_id);
  g_free (record->parent_remote_id);
  g_free (record->reason);
  g_free (record);
}

/**
 * rapport_sync_page_new:
 *
 * Returns: (transfer full): an empty page, free with rapport_sync_page_free()
 */
RapportSyncPage *
rapport_sync_page_new (void)
{
  RapportSyncPage *page = g_new0 (RapportSyncPage, 1);

  page->customers = g_ptr_array_new_with_free_func (g_object_unref);
  page->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  page->messages = g_ptr_array_new_with_free_func (g_object_unref);
  page->deleted_ticket_ids = g_ptr_array_new_with_free_func (g_free);
  page->money_actions = g_ptr_array_new_with_free_func (g_object_unref);
  page->approvals = g_ptr_array_new_with_free_func (g_object_unref);
  page->set_aside = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
  page->retried = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);

  return page;
}

void
rapport_sync_page_free (RapportSyncPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->customers, g_ptr_array_unref);
  g_clear_pointer (&page->tickets, g_ptr_array_unref);
  g_clear_pointer (&page->messages, g_ptr_array_unref);
  g_clear_pointer (&page->deleted_ticket_ids, g_ptr_array_unref);
  g_clear_pointer (&page->money_actions, g_ptr_array_unref);
  g_clear_pointer (&page->approvals, g_ptr_array_unref);
  g_clear_pointer (&page->set_aside, g_ptr_array_unref);
  g_clear_pointer (&page->retried, g_ptr_array_unref);
  g_clear_pointer (&page->resource, g_free);
  g_clear_pointer (&page->next_cursor, g_free);
  g_free (page);
}

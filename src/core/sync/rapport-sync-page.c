/* rapport-sync-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-sync-page"

#include "config.h"

#include "rapport-sync-page.h"

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
  g_clear_pointer (&page->resource, g_free);
  g_clear_pointer (&page->next_cursor, g_free);
  g_free (page);
}

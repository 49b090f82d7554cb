/* rapport-test-compare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test"

#include "config.h"

#include "rapport-test-compare.h"

#include <gio/gio.h>

static void
assert_values_equal (GObject    *a,
                     GParamSpec *pspec,
                     GValue     *va,
                     GValue     *vb)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  if (type == G_TYPE_STRV)
    {
      const char * const *sa = g_value_get_boxed (va);
      const char * const *sb = g_value_get_boxed (vb);

      if (sa == NULL || sb == NULL)
        g_assert_true (sa == sb);
      else
        g_assert_true (g_strv_equal (sa, sb));
      return;
    }

  if (g_type_is_a (type, G_TYPE_OBJECT) || G_TYPE_IS_INTERFACE (type))
    {
      GObject *oa = g_value_get_object (va);
      GObject *ob = g_value_get_object (vb);

      if (oa == NULL || ob == NULL)
        {
          g_assert_true (oa == ob);
          return;
        }
      if (G_IS_LIST_MODEL (oa))
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (oa));

          g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (ob)));
          for (guint i = 0; i < n; i++)
            {
              g_autoptr(GObject) ia = g_list_model_get_item (G_LIST_MODEL (oa), i);
              g_autoptr(GObject) ib = g_list_model_get_item (G_LIST_MODEL (ob), i);

              rapport_test_assert_objects_equal (ia, ib);
            }
        }
      else
        rapport_test_assert_objects_equal (oa, ob);
      return;
    }

  if (g_param_values_cmp (pspec, va, vb) != 0)
    {
      g_autofree char *sa = g_strdup_value_contents (va);
      g_autofree char *sb = g_strdup_value_contents (vb);

      g_error ("%s::%s differs: %s vs %s", G_OBJECT_TYPE_NAME (a), pspec->name, sa, sb);
    }
}

void
rapport_test_assert_objects_equal (GObject *a,
                                   GObject *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (a), ==, G_OBJECT_TYPE_NAME (b));

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_pspecs);
  g_assert_cmpuint (n_pspecs, >, 0);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;

      g_value_init (&va, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_value_init (&vb, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (a, pspecs[i]->name, &va);
      g_object_get_property (b, pspecs[i]->name, &vb);
      assert_values_equal (a, pspecs[i], &va, &vb);
    }
}

static void
assert_arrays_equal (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    rapport_test_assert_objects_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i));
}

void
rapport_test_assert_pages_equal (RapportSyncPage *a,
                                 RapportSyncPage *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);

  assert_arrays_equal (a->customers, b->customers);
  assert_arrays_equal (a->tickets, b->tickets);
  assert_arrays_equal (a->messages, b->messages);

  g_assert_cmpuint (a->deleted_ticket_ids->len, ==, b->deleted_ticket_ids->len);
  for (guint i = 0; i < a->deleted_ticket_ids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->deleted_ticket_ids, i), ==,
                     g_ptr_array_index (b->deleted_ticket_ids, i));

  g_assert_cmpstr (a->resource, ==, b->resource);
  g_assert_cmpstr (a->next_cursor, ==, b->next_cursor);
  g_assert_cmpint (a->has_more, ==, b->has_more);
  g_assert_cmpuint (a->total_hint, ==, b->total_hint);
}

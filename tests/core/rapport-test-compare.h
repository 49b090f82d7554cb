/* rapport-test-compare.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-sync-page.h"

G_BEGIN_DECLS

/* Asserts that @a and @b have the same type and equal values for every readable property
 * (GListModel properties compared item by item, GStrv ones element by element). */
void rapport_test_assert_objects_equal (GObject         *a,
                                        GObject         *b);
/* Asserts that two pages are identical in every field of every object. */
void rapport_test_assert_pages_equal   (RapportSyncPage *a,
                                        RapportSyncPage *b);

G_END_DECLS

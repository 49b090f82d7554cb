/* rt-parser-fixture.h
 *
 * What the two parser tests share: the captured Request Tracker answers of tests/data/rt
 * (test-rt-parser.c reads them field by field, test-rt-parser-damage.c damages them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-provider.h"

G_BEGIN_DECLS

#define CHLOE "chloe.silva@northwind-bakery.example"
#define SOREN "soren.agard@fjord-tools.example"

/* The text of the fixture @name (tests/data/rt/@name) and its @length. */
char     *fixture_text   (const char *name,
                          gsize      *length);
/* The fixture @name parsed as the provider parses an answer. */
JsonNode *fixture        (const char *name);
/* Asserts that @error is RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE and, unless @fragment is
 * NULL, that its message mentions @fragment. */
void      assert_invalid (GError     *error,
                          const char *fragment);

G_END_DECLS
